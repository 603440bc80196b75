/**
 * Prints text that came from a pull request (packet fields, file names, review bodies) so that
 * it cannot issue workflow commands: between stop-commands markers with a random token.
 */
import { randomUUID } from 'node:crypto';

/** Writes `lines` to the log with workflow commands switched off around them. */
export function logUntrusted(lines: readonly string[], write = writeStdout): void {
  const token = randomUUID();
  write(`::stop-commands::${token}\n`);
  for (const line of lines) write(`${line}\n`);
  write(`::${token}::\n`);
}

function writeStdout(text: string): void {
  process.stdout.write(text);
}
