/**
 * OcclusionError: every invalid argument is reported with one of these, with
 * a stable `code` for programs and a message for people.
 * (Minimal placeholder from the `viz` branch; the main branch owns the table.)
 */
export class OcclusionError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "OcclusionError";
    this.code = code;
  }
}
