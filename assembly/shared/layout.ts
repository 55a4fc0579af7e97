// Layout of the numbers the wrapper writes into linear memory for the kernel.
// src/wasm/layout.ts mirrors these; a test checks that both sides agree.

/** i32 fields per dimension in a geometry block. */
export const GEOMETRY_FIELDS: i32 = 4;
/** Field offsets inside one dimension's record. */
export const FIELD_SIZE: i32 = 0;
export const FIELD_WINDOW: i32 = 1;
export const FIELD_STRIDE: i32 = 2;
export const FIELD_SHIFTS: i32 = 3;

/** Reads field `field` of dimension `dim` from a geometry block. */
// @ts-ignore: decorator
@inline
export function geometryField(geometryPtr: usize, dim: i32, field: i32): i32 {
  return load<i32>(geometryPtr + (<usize>(dim * GEOMETRY_FIELDS + field) << 2));
}

/** Elements of one example: the product of the sizes of all non-batch dimensions. */
export function exampleLengthOf(geometryPtr: usize, rank: i32): i32 {
  let length = 1;
  for (let dim = 0; dim < rank; dim++) length *= geometryField(geometryPtr, dim, FIELD_SIZE);
  return length;
}

/** Windows of one input: the product of the shift counts. */
export function windowCountOf(geometryPtr: usize, rank: i32): i32 {
  let count = 1;
  for (let dim = 0; dim < rank; dim++) count *= geometryField(geometryPtr, dim, FIELD_SHIFTS);
  return count;
}

/** i32 values per dimension in the scratch block of updateWindows. */
export const WINDOW_SCRATCH_FIELDS: i32 = 8;

/** i32 values per dimension in a box record of updateWindows (start, end), after the record's window number. */
export const BOX_RECORD_FIELDS: i32 = 2;
