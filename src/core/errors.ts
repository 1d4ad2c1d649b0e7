/**
 * Errors caused by the user's input (files, flags). The CLI prints their one-line message and exits 2;
 * any other error is an internal failure (exit 1).
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

/** Error classes (by name) that are the user's input problems, from any module. */
const INPUT_ERROR_NAMES = new Set(["InputError", "TraceError", "ManifestError", "QuantityError", "SelectorError", "ArgsError", "ConfigError"]);

export function isInputError(e: unknown): e is Error {
  return e instanceof Error && INPUT_ERROR_NAMES.has(e.name);
}

/** First line of an error message (input errors are one line by contract; this guards the CLI). */
export function oneLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split("\n")[0]!;
}
