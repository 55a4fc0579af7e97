// Numbers the ids of all masks as Captum orders FeatureAblation's features: mask 0's
// distinct ids ascending, then the ids of mask 1 not seen before, ascending, and so on;
// an id shared by several masks is one feature. An open-addressing hash table maps
// id -> feature: keys (id + 1, 0 = empty slot) u64 at tablePtr, then features i32.

/**
 * An upper bound of the distinct ids among `length` u64 at idsPtr: one plus the places
 * where the id changes (a superpixel mask has few), to size the table.
 */
export function distinctBound(idsPtr: usize, length: i32): i32 {
  let bound = length > 0 ? 1 : 0;
  for (let index = 1; index < length; index++) {
    if (load<u64>(idsPtr + (<usize>index << 3)) != load<u64>(idsPtr + (<usize>(index - 1) << 3))) bound++;
  }
  return bound;
}

/** Table bytes for 2^capacityBits slots. */
export function tableBytes(capacityBits: i32): usize {
  return (<usize>12) << capacityBits;
}

// Fibonacci hashing: the top capacityBits bits of id * 2^64 / phi.
// @ts-ignore: decorator
@inline function slotOf(id: u64, capacityBits: i32): usize {
  return <usize>((id * 0x9E3779B97F4A7C15) >> (64 - <u64>capacityBits));
}

/** The slot holding `id`, or the empty slot where it would go. */
export function findSlot(tablePtr: usize, capacityBits: i32, id: u64): usize {
  const mask = ((<usize>1) << capacityBits) - 1;
  let slot = slotOf(id, capacityBits);
  while (true) {
    const key = load<u64>(tablePtr + (slot << 3));
    if (key == 0 || key == id + 1) return slot;
    slot = (slot + 1) & mask;
  }
}

/** The feature of an id numbered before. */
export function featureOfId(tablePtr: usize, capacityBits: i32, id: u64): i32 {
  const slot = findSlot(tablePtr, capacityBits, id);
  return load<i32>(tablePtr + ((<usize>8) << capacityBits) + (slot << 2));
}

/** Empties a table of 2^capacityBits slots (before the first mask). */
export function clearTable(tablePtr: usize, capacityBits: i32): void {
  memory.fill(tablePtr, 0, tableBytes(capacityBits));
}

/**
 * Adds the ids of one mask (`length` u64 at idsPtr) to the table and lists those not seen
 * in an earlier mask at listPtr (`length` u64 at most), in element order; returns how
 * many. The wrapper sorts the list (a native typed-array sort on the memory, no kernel
 * code), then numberNewIds gives them their features. The table needs more slots than
 * all masks' distinct ids (distinctBound).
 */
export function collectNewIds(idsPtr: usize, length: i32, tablePtr: usize, capacityBits: i32, listPtr: usize): i32 {
  let fresh = 0;
  let previous: u64 = 0;
  for (let index = 0; index < length; index++) {
    const id = load<u64>(idsPtr + (<usize>index << 3));
    // Masks hold long stretches of one id: skip the lookup for a repeat.
    if (index > 0 && id == previous) continue;
    previous = id;
    const slot = findSlot(tablePtr, capacityBits, id);
    if (load<u64>(tablePtr + (slot << 3)) != 0) continue;
    store<u64>(tablePtr + (slot << 3), id + 1);
    store<u64>(listPtr + (<usize>fresh << 3), id);
    fresh++;
  }
  return fresh;
}

/** Gives the `fresh` ids at listPtr (sorted ascending) the features first, first + 1, ...; returns the feature count after them. */
export function numberNewIds(listPtr: usize, fresh: i32, tablePtr: usize, capacityBits: i32, first: i32): i32 {
  const featuresPtr = tablePtr + ((<usize>8) << capacityBits);
  for (let rank = 0; rank < fresh; rank++) {
    const slot = findSlot(tablePtr, capacityBits, load<u64>(listPtr + (<usize>rank << 3)));
    store<i32>(featuresPtr + (slot << 2), first + rank);
  }
  return first + fresh;
}
