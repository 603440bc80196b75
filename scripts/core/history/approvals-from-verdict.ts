/**
 * Turns the sign-off verdict at merge into the approvals the recorder writes: one per required
 * group that was satisfied, in the verdict's group order.
 */
import type { Approval } from '../packet/packet.js';
import type { GroupVerdict } from '../signoff/types.js';

/**
 * The approvals that counted. `names` maps a login to its display name, when the shell could
 * read it; a group without `approvedBy` is skipped (the gate would not have passed).
 */
export function approvalsFromVerdict(
  groups: readonly GroupVerdict[],
  names: Readonly<Record<string, string>> = {},
): Approval[] {
  const approvals: Approval[] = [];

  for (const group of groups) {
    const by = group.approvedBy;
    if (!group.satisfied || by === undefined) continue;
    const approval: Approval = {
      login: by.login,
      group: group.group,
      reviewed_commit: by.commitId,
      submitted_at: by.submittedAt,
    };
    const name = names[by.login];
    approvals.push(name === undefined || name.trim() === '' ? approval : { ...approval, name });
  }

  return approvals;
}
