/**
 * Prints text that came from a pull request (packet fields, file names, review bodies) so that
 * it cannot issue workflow commands: between stop-commands markers with a random token.
 */
import { randomUUID } from 'node:crypto';
import type { Verdict } from '../core/signoff/types.js';

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

/** The verdict as plain log lines (packet paths and logins come from the pull request). */
export function verdictLines(verdict: Verdict): string[] {
  const lines = [`${verdict.passed ? 'passed' : 'not passed'}: ${verdict.summary}`];
  for (const packet of verdict.packets) {
    lines.push(`${packet.path}: ${packet.satisfied ? 'signed off' : 'not signed off'}`);
    for (const group of packet.groups) {
      const by = group.approvedBy;
      const state = by ? `approved by ${by.login} on ${by.commitId.slice(0, 7)}` : group.missing;
      lines.push(`  ${group.group}: ${state ?? 'missing'}`);
    }
  }
  for (const problem of [...verdict.problems, ...verdict.warnings]) {
    lines.push(`${problem.code}: ${problem.message}`);
  }
  return lines;
}
