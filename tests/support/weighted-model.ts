// A model for tests that must see every input element without writing any: per example,
// a weighted sum of its values (weights 1, 2, 3, ... over the example's elements).
type Data = Float32Array | Int32Array | BigInt64Array;

export function weighted(x: { data: Data; shape: number[] }): { data: Float32Array; shape: number[] } {
  const examples = x.shape[0];
  const length = x.data.length / examples;
  const out = new Float32Array(examples);
  for (let i = 0; i < x.data.length; i++) out[Math.floor(i / length)] += Number(x.data[i]) * ((i % length) + 1);
  return { data: out, shape: [examples] };
}
