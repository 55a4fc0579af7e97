// The codes onnxForward and tfjsForward throw OcclusionError with.

export const ADAPTER_ERROR_CODES = {
  ADAPTER_MODEL: "an adapter got no usable model, session or runtime",
  ADAPTER_INPUTS: "an adapter's forward got arguments that do not match the model's inputs",
  ADAPTER_OUTPUT: "the model did not return the output an adapter reads",
} as const;
