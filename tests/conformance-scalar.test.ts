// Every Captum vector through the scalar kernel, the build chosen for engines without
// wasm SIMD: forced here with init({ simd: false }).
import { conformanceSuite } from "./support/conformance-suite.ts";

conformanceSuite("conformance (scalar kernel)", { simd: false }, false);
