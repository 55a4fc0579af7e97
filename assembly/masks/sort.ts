// Sorts u64 ids ascending: an LSD radix sort by bytes, skipping the bytes all ids share
// (ids below 2^16 take two passes), with insertion sort for short lists. Used on the
// distinct ids of one mask, so Captum's feature order (ids ascending) needs no JS sort.

/** Scratch sortIds needs for `count` ids: a second list and one byte's histogram. */
export function sortScratchBytes(count: i32): usize {
  return (<usize>count << 3) + 256 * 4;
}

/** Sorts `count` u64 at idsPtr in place; scratchPtr holds sortScratchBytes(count). */
export function sortIds(idsPtr: usize, count: i32, scratchPtr: usize): void {
  if (count <= 32) {
    insertionSort(idsPtr, count);
    return;
  }
  const countsPtr = scratchPtr + (<usize>count << 3);
  let from = idsPtr;
  let to = scratchPtr;
  for (let shift: u64 = 0; shift < 56; shift += 8) {
    memory.fill(countsPtr, 0, 256 * 4);
    for (let index = 0; index < count; index++) {
      const digit = <usize>((load<u64>(from + (<usize>index << 3)) >> shift) & 255);
      store<i32>(countsPtr + (digit << 2), load<i32>(countsPtr + (digit << 2)) + 1);
    }
    // Every id has the same byte here: this pass would not move anything.
    const firstDigit = <usize>((load<u64>(from) >> shift) & 255);
    if (load<i32>(countsPtr + (firstDigit << 2)) == count) continue;
    let sum = 0;
    for (let digit = 0; digit < 256; digit++) {
      const bucket = load<i32>(countsPtr + (<usize>digit << 2));
      store<i32>(countsPtr + (<usize>digit << 2), sum);
      sum += bucket;
    }
    for (let index = 0; index < count; index++) {
      const id = load<u64>(from + (<usize>index << 3));
      const digit = <usize>((id >> shift) & 255);
      const at = load<i32>(countsPtr + (digit << 2));
      store<i32>(countsPtr + (digit << 2), at + 1);
      store<u64>(to + (<usize>at << 3), id);
    }
    const swap = from;
    from = to;
    to = swap;
  }
  if (from != idsPtr) memory.copy(idsPtr, from, <usize>count << 3);
}

function insertionSort(idsPtr: usize, count: i32): void {
  for (let index = 1; index < count; index++) {
    const id = load<u64>(idsPtr + (<usize>index << 3));
    let at = index - 1;
    while (at >= 0 && load<u64>(idsPtr + (<usize>at << 3)) > id) {
      store<u64>(idsPtr + (<usize>(at + 1) << 3), load<u64>(idsPtr + (<usize>at << 3)));
      at--;
    }
    store<u64>(idsPtr + (<usize>(at + 1) << 3), id);
  }
}
