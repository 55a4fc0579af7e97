// A plain dense-mask Occlusion written for the tests, the way the method is usually
// described (and computed by Captum): for every window, a full 0/1 mask of the input;
// perturbed = input * (1 - mask) + baseline * mask; total += (f(x) - f(perturbed)) * mask;
// count += mask; attribution = total / count. One forward call per window, no batching,
// no kernel: slow on purpose, and independent of the library's code. The arithmetic is
// Captum's, so NaN and Infinity propagate exactly as they do there.

export interface DenseTensor {
  data: Float32Array;
  shape: number[];
}

export interface ReferenceCall {
  inputs: DenseTensor[];
  /** Per input: window and strides per non-batch dimension. */
  windows: number[][];
  strides: number[][];
  /** Per input: the baseline expanded to the input's full shape. */
  baselines: Float32Array[];
  /** Runs the model on one set of inputs and returns the target-selected values, flattened. */
  evaluate(inputs: DenseTensor[]): Float32Array;
  /** Stop after this many windows per input (the bench times a prefix of a long run). */
  windowLimit?: number;
}

const product = (values: number[]) => values.reduce((a, b) => a * b, 1);

/** Window masks of one example shape, in Captum's order (first dimension fastest). */
export function* windowMasks(sizes: number[], window: number[], strides: number[]): Generator<Uint8Array> {
  const shifts = sizes.map((size, dim) => Math.ceil((size - window[dim]) / strides[dim]) + 1);
  for (let index = 0; index < product(shifts); index++) {
    const starts: number[] = [];
    let rest = index;
    shifts.forEach((count, dim) => {
      starts.push((rest % count) * strides[dim]);
      rest = Math.floor(rest / count);
    });
    const mask = new Uint8Array(product(sizes));
    for (let element = 0; element < mask.length; element++) {
      let inside = true;
      let after = mask.length;
      sizes.forEach((size, dim) => {
        after /= size;
        const x = Math.floor(element / after) % size;
        if (x < starts[dim] || x >= starts[dim] + window[dim]) inside = false;
      });
      mask[element] = inside ? 1 : 0;
    }
    yield mask;
  }
}

export function referenceOcclusion(call: ReferenceCall): DenseTensor[] {
  const reference = call.evaluate(call.inputs);
  const outputs = reference.length;
  return call.inputs.map((input, index) => {
    const sizes = input.shape.slice(1);
    const exampleLength = product(sizes);
    const total = new Float64Array(outputs * exampleLength);
    const count = new Float64Array(exampleLength);
    let windowsLeft = call.windowLimit ?? Infinity;
    for (const mask of windowMasks(sizes, call.windows[index], call.strides[index])) {
      if (windowsLeft-- <= 0) break;
      const perturbed = new Float32Array(input.data.length);
      for (let element = 0; element < perturbed.length; element++) {
        // Captum's arithmetic, x * (1 - mask) + baseline * mask: a NaN input stays NaN
        // even inside the window (NaN * 0), as it does in Captum.
        const inside = mask[element % exampleLength];
        perturbed[element] = input.data[element] * (1 - inside) + call.baselines[index][element] * inside;
      }
      const inputs = call.inputs.map((other, position) => (position === index ? { data: perturbed, shape: input.shape } : other));
      const values = call.evaluate(inputs);
      for (let output = 0; output < outputs; output++) {
        const difference = Math.fround(reference[output] - values[output]);
        // difference * 0 is NaN for a non-finite difference: Captum's result, kept on purpose.
        for (let element = 0; element < exampleLength; element++) total[output * exampleLength + element] += difference * mask[element];
      }
      for (let element = 0; element < exampleLength; element++) count[element] += mask[element];
    }
    const data = new Float32Array(total.length);
    for (let position = 0; position < total.length; position++) data[position] = total[position] / count[position % exampleLength];
    return { data, shape: [outputs, ...sizes] };
  });
}
