// The classic-script build (global occlusionWasm): everything, the pictures included,
// since a <script> user has no second entry point to import.
export * from "./index.ts";
export * from "./visualize.ts";
