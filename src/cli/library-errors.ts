// The library's errors as the CLI's: a message that speaks of `target` or
// `slidingWindowShapes` is reworded to name the flag the user typed (--target, --window),
// and the exit status follows the cause: 2 for a flag's value, 1 for a failed run.
import { OcclusionError, type OcclusionErrorCode } from "../index.ts";
import { CliError } from "./options.ts";
import { firstLine } from "./model.ts";

// Library option names, as they appear in messages, and the flag that sets each.
const OPTION_FLAGS: [RegExp, string][] = [
  [/\bslidingWindowShapes\b/g, "--window"],
  [/\bstrides\b/g, "--stride"],
  [/\bbaselines\b/g, "--baseline"],
  [/\bperturbationsPerEval\b/g, "--ppe"],
  [/(?<![-\w])target\b/g, "--target"],
  [/\boutlierPerc\b/g, "--outlier-perc"],
];

const CODE_FLAGS: Partial<Record<OcclusionErrorCode, string>> = {
  WINDOW_RANK: "--window", INVALID_WINDOW: "--window", WINDOW_TOO_LARGE: "--window",
  STRIDE_RANK: "--stride", INVALID_STRIDE: "--stride", STRIDE_TOO_LARGE: "--stride",
  BASELINE_SHAPE: "--baseline", INVALID_BASELINE: "--baseline",
  INVALID_PERTURBATIONS_PER_EVAL: "--ppe",
  INVALID_TARGET: "--target", TARGET_RANK: "--target", TARGET_LENGTH: "--target", TARGET_OUT_OF_RANGE: "--target",
  VIS_OUTLIER_PERC: "--outlier-perc", VIS_SIGN_METHOD: "--sign",
};

/** A CliError for an error of the library (other errors are returned as they are). */
export function cliErrorOf(error: unknown): unknown {
  if (!(error instanceof OcclusionError)) return error;
  const flag = CODE_FLAGS[error.code];
  let message = firstLine(error);
  for (const [pattern, name] of OPTION_FLAGS) message = message.replace(pattern, name);
  if (flag && !message.includes(flag)) message = `${flag}: ${message}`;
  const cause = error.code === "FORWARD_FAILED" && error.cause ? `: ${firstLine(error.cause)}` : "";
  return new CliError(`${message}${cause}${flag ? " (see --help)" : ""}`, flag ? 2 : 1);
}
