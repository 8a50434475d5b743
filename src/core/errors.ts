/**
 * Errors a user can fix: bad files, bad options. The CLI prints them as one line and exits non-zero.
 *
 * @example
 *   throw new InputError("scores.csv", "row 4: cell 'abc' in column 'mmlu' is not a number");
 */
export class InputError extends Error {
  /** The file (or option) the problem is in; null when it is not about a file. */
  readonly file: string | null;
  constructor(file: string | null, problem: string) {
    super(file ? `${file}: ${problem}` : problem);
    this.name = "InputError";
    this.file = file;
  }
}

/** True for errors that should be shown to a user as one line (no stack). */
export function isInputError(e: unknown): e is InputError {
  return e instanceof InputError;
}
