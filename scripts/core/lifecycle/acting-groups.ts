/**
 * The groups that must act on a packet, as a reminder names them: who must still sign off a
 * packet (the sign-off gate's own rules, read without any review), and the owner or finance
 * for follow-ups. A group is shown by its label and pinged by its mentions.
 */
import type { Codeowners } from '../ownership/codeowners.js';
import type { Policy, PolicyGroup } from '../ownership/policy.js';
import { UNALLOCATED, type Packet } from '../packet/packet.js';
import { addCodeOwners } from '../signoff/judge-packet.js';
import { GroupSet, type RequiredGroup } from '../signoff/required-groups.js';
import { tiersFor } from '../signoff/tier-groups.js';
import { ownValue } from '../own-value.js';

export interface ActingGroup {
  /** As shown: the policy's group name, or the CODEOWNERS owner. */
  label: string;
  /** `@org/team` or `@login` handles that ping the group; empty when it cannot be pinged. */
  mentions: string[];
}

/** Everyone who must approve `packet` at `file` before it can merge. */
export function signoffGroups(
  file: string,
  packet: Packet,
  policy: Policy | undefined,
  codeowners: Codeowners | undefined,
): ActingGroup[] {
  const set = new GroupSet({ policy, teamMembers: new Map() });
  addCodeOwners(set, codeowners, file, `code owner of ${file}`);

  const name = file.split('/').pop() ?? 'packet.yaml';
  const own = new Set([packet.allocation_owner, UNALLOCATED, file.split('/')[1]]);
  for (const segment of packet.segments) {
    if (own.has(segment.owner)) continue;
    own.add(segment.owner);
    addCodeOwners(set, codeowners, `packets/${segment.owner}/${name}`, 'assigned cost');
  }

  set.addPolicyGroup(policy?.financeGroup ?? 'finance', 'finance signs every packet');
  for (const hit of policy ? tiersFor(packet, policy.tiers) : []) {
    for (const group of hit.tier.groups) set.addPolicyGroup(group, hit.reason);
  }
  return set.groups.map((group) => toActing(group, policy));
}

/** The allocation owner's group: the policy group of that name, else `@<org>/<owner>`. */
export function ownerGroup(owner: string, policy: Policy | undefined): ActingGroup {
  const group = ownValue(policy?.groups, owner);
  if (group) return fromPolicy(group);
  return { label: owner, mentions: policy ? [`@${policy.organisation}/${owner}`] : [] };
}

/** The policy's finance group. */
export function financeGroup(policy: Policy | undefined): ActingGroup {
  const group = policy && ownValue(policy.groups, policy.financeGroup);
  return group ? fromPolicy(group) : { label: 'finance', mentions: [] };
}

function fromPolicy(group: PolicyGroup): ActingGroup {
  const mentions = group.team ? [group.team] : (group.members ?? []).map((login) => `@${login}`);
  return { label: group.name, mentions };
}

function toActing(group: RequiredGroup, policy: Policy | undefined): ActingGroup {
  const policyGroup = ownValue(policy?.groups, group.label);
  if (policyGroup) return fromPolicy(policyGroup);
  if (group.key.startsWith('team:') || group.key.startsWith('user:')) {
    return { label: group.label, mentions: [group.label] };
  }
  return { label: group.label, mentions: [] };
}
