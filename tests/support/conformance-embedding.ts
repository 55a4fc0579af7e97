// The `embedding` model of the second conformance set (README2.md), in float32: ids
// [N, L] looked up in a table, flattened or mean-pooled, an optional linear layer, plus
// one dense term per float input. It also checks that it gets ids in the input's dtype.
import type { Tensor } from "../../src/index.ts";

export interface EmbeddingModel {
  kind: "embedding";
  table: number[][];
  w: number[][] | null;
  b: number[] | null;
  pool: "flatten" | "mean";
  out_shape: number[];
  dense: number[][][] | null;
}

type Ids = { data: Int32Array | BigInt64Array; shape: number[] };

export function embeddingForward(model: EmbeddingModel, inputCount: number) {
  return (...args: unknown[]): Tensor => {
    const ids = args[0] as Ids;
    if (!(ids.data instanceof Int32Array || ids.data instanceof BigInt64Array)) {
      throw new TypeError(`the embedding model needs integer ids, got ${(ids.data as object).constructor.name}`);
    }
    const floats = args.slice(1, inputCount) as Tensor[];
    const [rows, length] = ids.shape;
    const width = model.table[0].length;
    const hiddenWidth = model.pool === "flatten" ? length * width : width;
    const outWidth = model.w ? model.w.length : hiddenWidth;
    const y = new Float32Array(rows * outWidth);
    for (let row = 0; row < rows; row++) {
      const h = new Float32Array(hiddenWidth);
      for (let l = 0; l < length; l++) {
        const id = Number(ids.data[row * length + l]);
        const vector = model.table[id];
        if (vector === undefined) throw new RangeError(`id ${id} is outside the table`);
        for (let j = 0; j < width; j++) {
          if (model.pool === "flatten") h[l * width + j] = vector[j];
          else h[j] = Math.fround(h[j] + vector[j]);
        }
      }
      if (model.pool === "mean") for (let j = 0; j < width; j++) h[j] = Math.fround(h[j] / length);
      for (let k = 0; k < outWidth; k++) {
        let sum = model.w ? model.w[k].reduce((acc, weight, j) => acc + weight * h[j], 0) : h[k];
        if (model.b) sum += model.b[k];
        floats.forEach((input, index) => {
          const features = input.data.length / rows;
          const weights = model.dense![index][k];
          for (let f = 0; f < features; f++) sum += input.data[row * features + f] * weights[f];
        });
        y[row * outWidth + k] = sum;
      }
    }
    return { data: y, shape: [rows, ...model.out_shape] };
  };
}
