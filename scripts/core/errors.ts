/**
 * The two kinds of failure that stop a run. Mistakes in packets are not errors of this kind:
 * they are findings, collected and reported together.
 */

/** The user must fix something outside the packets: a bad argument, a missing file or token. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  /** The next thing the user should run or change, printed after the message. */
  readonly hint: string | undefined;

  constructor(message: string, hint?: string) {
    super(message);
    this.hint = hint;
  }
}

/** Something the product got wrong; the message asks for a bug report. */
export class InternalError extends Error {
  override readonly name = 'InternalError';
}
