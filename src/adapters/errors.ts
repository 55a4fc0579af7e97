// The codes onnxForward and tfjsForward throw OcclusionError with.

/** Every code `onnxForward` and `tfjsForward` throw, with a one-line description. */
export const ADAPTER_ERROR_CODES = {
  ADAPTER_MODEL: "an adapter got no usable model, session or runtime",
  ADAPTER_INPUTS: "an adapter's forward got arguments that do not match the model's inputs",
  ADAPTER_OUTPUT: "the model did not return the output an adapter reads",
} as const;
