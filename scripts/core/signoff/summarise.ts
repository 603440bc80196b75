/**
 * The one-line summary used as the check's title.
 */
import type { Verdict } from './types.js';

/** Says in one line whether the PR may merge and, if not, what it waits for. */
export function summarise(verdict: Verdict): string {
  const total = verdict.packets.length;
  const waiting = verdict.packets.filter((packet) => !packet.satisfied).length;
  // Each changed file under packets/ (a packet or an export it cites) is signed off on its own.
  const noun = (n: number): string => (n === 1 ? 'file' : 'files');

  if (verdict.passed) {
    const parts: string[] = [];
    if (total > 0) parts.push(`${total} ${noun(total)} signed off`);
    if (verdict.gate) parts.push('gate change signed off');
    return `Signed off: ${parts.join(', ')}`;
  }

  const first = verdict.problems[0];
  if (first) {
    const more = verdict.problems.length > 1 ? ` (+${verdict.problems.length - 1} more)` : '';
    return `Refused: ${first.code}${more}`;
  }

  const missing = new Set<string>();
  for (const packet of verdict.packets) {
    for (const group of packet.groups) if (!group.satisfied) missing.add(group.group);
  }
  for (const group of verdict.gate?.groups ?? []) if (!group.satisfied) missing.add(group.group);
  const parts: string[] = [];
  if (waiting > 0) parts.push(`${waiting} of ${total} ${noun(total)} waiting`);
  if (verdict.gate && !verdict.gate.satisfied) parts.push('gate change waiting');
  const groups = missing.size > 0 ? `; missing ${[...missing].join(', ')}` : '';
  return `Not signed off: ${parts.join(', ') || 'findings block the packets'}${groups}`;
}
