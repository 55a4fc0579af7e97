// The classic-script build (global occlusionWasm): everything, the pictures included,
// since a <script> user has no second entry point to import.
export * from "./index.ts";
export {
  visualizeImageAttr, normalizeAttr, cumulativeSumThreshold, inferLayout, METHODS, COLOR_MAP_NAMES,
  resizeImage, visualizeText, visualizeTextAnsi, visualizationDataRecord, textAttrColor,
} from "./visualize/index.ts";
