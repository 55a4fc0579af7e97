// The runtime vectors, embedded by tests/runtimes/rollup.suite.mjs.
declare module "virtual:runtime-vectors" {
  import type { ConformanceCase } from "../support/conformance-model.ts";
  const vectors: ConformanceCase[];
  export default vectors;
}
