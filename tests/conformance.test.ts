// Every Captum vector through the SIMD kernel (the default where the engine has SIMD).
import { conformanceSuite } from "./support/conformance-suite.ts";

conformanceSuite("conformance (SIMD kernel)", { simd: true }, true);
