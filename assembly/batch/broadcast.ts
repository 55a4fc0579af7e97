// Expands a baseline tensor to its input's full shape with NumPy's broadcasting
// rules (Captum broadcasts baselines the same way): a source stride of 0 repeats
// the value along that dimension.
import { copyRow, fillRow } from "../shared/rows";

function expandRows(
  srcPtr: usize, dstPtr: usize, shapePtr: usize, sourceStridesPtr: usize,
  rank: i32, dim: i32, span: i32,
): void {
  const size = load<i32>(shapePtr + (<usize>dim << 2));
  const sourceStride = load<i32>(sourceStridesPtr + (<usize>dim << 2));
  if (dim == rank - 1) {
    if (sourceStride == 0) fillRow(dstPtr, size, load<f32>(srcPtr));
    else copyRow(srcPtr, dstPtr, size);
    return;
  }
  const stride = span / size;
  for (let x = 0; x < size; x++) {
    expandRows(
      srcPtr + (<usize>(x * sourceStride) << 2), dstPtr + (<usize>(x * stride) << 2),
      shapePtr, sourceStridesPtr, rank, dim + 1, stride,
    );
  }
}

/**
 * Once per tensor baseline and run: writes the baseline at srcPtr, read with the
 * element strides at sourceStridesPtr (0 where broadcast, 1 in the last dimension
 * otherwise), into the dense array of shape shapePtr (`rank` i32 values) at dstPtr.
 */
export function expandBroadcast(
  srcPtr: usize, dstPtr: usize, shapePtr: usize, sourceStridesPtr: usize, rank: i32,
): void {
  let length = 1;
  for (let dim = 0; dim < rank; dim++) length *= load<i32>(shapePtr + (<usize>dim << 2));
  if (rank == 0) store<f32>(dstPtr, load<f32>(srcPtr));
  else if (length > 0) expandRows(srcPtr, dstPtr, shapePtr, sourceStridesPtr, rank, 0, length);
}
