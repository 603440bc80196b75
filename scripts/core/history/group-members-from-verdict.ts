/**
 * The members of every group a verdict required, by the group's name as the verdict shows it:
 * what `decideClosed` needs to tell a required group's change request from anyone else's.
 */
import type { Verdict } from '../signoff/types.js';

/** Members by group name, merged over every packet; an unresolved group has no entry. */
export function groupMembersFromVerdict(verdict: Verdict): Record<string, string[]> {
  const members: Record<string, Set<string>> = {};

  for (const group of verdict.packets.flatMap((packet) => packet.groups)) {
    if (group.members === undefined) continue;
    const known = (members[group.group] ??= new Set());
    for (const login of group.members) known.add(login);
  }

  return Object.fromEntries(
    Object.entries(members).map(([name, logins]) => [name, [...logins].sort()]),
  );
}
