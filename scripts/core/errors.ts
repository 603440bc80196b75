/**
 * The two kinds of failure that stop a run. Mistakes in packets are not errors of this kind:
 * they are findings, collected and reported together.
 *
 * Each error carries its kind, and `instanceof` asks for that kind rather than for the class:
 * the built command is one script with its own copy of these classes, and the subcommands it
 * loads on demand are modules with theirs (see scripts/dev/bundle.ts).
 */
const KIND = Symbol.for('exception-packets.error-kind');

type Kind = 'usage' | 'internal';

function isOfKind(value: unknown, kind: Kind): boolean {
  return (
    typeof value === 'object' && value !== null && (value as { [KIND]?: unknown })[KIND] === kind
  );
}

/** The user must fix something outside the packets: a bad argument, a missing file or token. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly [KIND]: Kind = 'usage';
  /** The next thing the user should run or change, printed after the message. */
  readonly hint: string | undefined;

  constructor(message: string, hint?: string) {
    super(message);
    this.hint = hint;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return isOfKind(value, 'usage');
  }
}

/** Something the product got wrong; the message asks for a bug report. */
export class InternalError extends Error {
  override readonly name = 'InternalError';
  readonly [KIND]: Kind = 'internal';

  static override [Symbol.hasInstance](value: unknown): boolean {
    return isOfKind(value, 'internal');
  }
}
