using Workerd = import "/workerd/workerd.capnp";

# Two workers on loopback, each answering GET / with the runtime suite's result as JSON.
# The ports are placeholders: scripts/runtimes/workerd.mjs picks free ones with
# `--socket-addr entry=127.0.0.1:<port> --socket-addr module=127.0.0.1:<port>`.
const config :Workerd.Config = (
  services = [
    (name = "entry", worker = .entryWorker),
    (name = "module", worker = .moduleWorker),
  ],
  sockets = [
    (name = "entry", address = "127.0.0.1:8787", http = (), service = "entry"),
    (name = "module", address = "127.0.0.1:8788", http = (), service = "module"),
  ],
);

# The package's "workerd" entry, bundled by esbuild as wrangler would (the .wasm imports kept).
const entryWorker :Workerd.Worker = (
  modules = [
    (name = "worker.mjs", esModule = embed "../../../test-output/workerd-entry.mjs"),
    (name = "kernel.simd.wasm", wasm = embed "../../../dist/kernel.simd.wasm"),
    (name = "kernel.scalar.wasm", wasm = embed "../../../dist/kernel.scalar.wasm"),
  ],
  compatibilityDate = "2025-01-01",
);

# The plain ESM build, given the kernels with init({ module }); modules named as the
# package's import specifiers, so the worker reads like the README's example.
const moduleWorker :Workerd.Worker = (
  modules = [
    (name = "worker.mjs", esModule = embed "module-worker.mjs"),
    (name = "runtime-suite.mjs", esModule = embed "../../../test-output/runtime-suite.mjs"),
    (name = "occlusion-wasm", esModule = embed "../../../dist/index.mjs"),
    (name = "occlusion-wasm/kernel.simd.wasm", wasm = embed "../../../dist/kernel.simd.wasm"),
    (name = "occlusion-wasm/kernel.scalar.wasm", wasm = embed "../../../dist/kernel.scalar.wasm"),
  ],
  compatibilityDate = "2025-01-01",
);
