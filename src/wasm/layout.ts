// Mirrors assembly/shared/layout.ts: how the wrapper writes geometry for the kernel.
// tests/kernel-layout.test.ts checks that both sides agree.

/** i32 fields per dimension in a geometry block: size, window, stride, shifts. */
export const GEOMETRY_FIELDS = 4;

/** i32 values per dimension in the scratch block of updateWindows. */
export const WINDOW_SCRATCH_FIELDS = 8;

/** i32 values per dimension in a box record of updateWindows (start, end), after the record's window number. */
export const BOX_RECORD_FIELDS = 2;

/** Bytes between regions; 16 keeps every region aligned for v128 loads. */
export const REGION_ALIGN = 16;

export function alignUp(byteOffset: number): number {
  return Math.ceil(byteOffset / REGION_ALIGN) * REGION_ALIGN;
}

/** WebAssembly's (32-bit) memory limit: 65536 pages of 64 KiB. */
export const WASM_MAX_BYTES = 2 ** 32;
export const WASM_PAGE_BYTES = 65536;
