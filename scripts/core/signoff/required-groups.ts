/**
 * The groups one unit of change (a packet, or the gate files) needs, each with why it is
 * needed and who is in it. Groups are merged by identity, so `@org/finance` named by
 * CODEOWNERS and the policy's finance group with that team are one group with two reasons.
 */
import { ownerKind } from '../ownership/codeowners-line.js';
import { POLICY_PATH } from '../ownership/gate-paths.js';
import type { Policy, PolicyGroup } from '../ownership/policy.js';
import { ownValue } from '../own-value.js';

export interface RequiredGroup {
  /** Identity for merging: `team:org/slug`, `user:login`, `policy:name` or `email:address`. */
  key: string;
  /** As shown: the policy's group name when there is one, else the CODEOWNERS owner. */
  label: string;
  reasons: string[];
  /** Lower-cased member logins, or why they cannot be known (the group then fails closed). */
  members: Set<string> | { unresolved: string };
}

/** What resolving a group needs to know. */
export interface GroupContext {
  policy: Policy | undefined;
  /** Readable team members by normalised slug (`org/team`, lower case). */
  teamMembers: ReadonlyMap<string, readonly string[]>;
}

/** Normalises the keys of `SignoffInput.teamMembers` (`@org/team`, `org/team` or `team`). */
export function normaliseTeamMembers(
  teamMembers: Record<string, string[]>,
  organisation: string | undefined,
): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const [key, members] of Object.entries(teamMembers)) {
    let slug = key.replace(/^@/, '').toLowerCase();
    if (!slug.includes('/') && organisation) slug = `${organisation.toLowerCase()}/${slug}`;
    result.set(slug, members);
  }
  return result;
}

/** An ordered, merging collection of required groups. */
export class GroupSet {
  readonly groups: RequiredGroup[] = [];

  constructor(private readonly context: GroupContext) {}

  /** Adds the group a CODEOWNERS owner token stands for. */
  addOwner(owner: string, reason: string): void {
    this.merge(this.fromOwner(owner), reason);
  }

  /** Adds a policy group by name (finance, admins, a tier's group). */
  addPolicyGroup(name: string, reason: string): void {
    const group = ownValue(this.context.policy?.groups, name);
    if (!group) {
      this.merge(
        { key: `policy:${name}`, label: name, reasons: [], members: noPolicy(name) },
        reason,
      );
      return;
    }
    this.merge(this.fromPolicy(group), reason);
  }

  /** Adds a group that cannot be known at all (for example: a path nobody owns). */
  addUnresolved(key: string, label: string, reason: string, unresolved: string): void {
    this.merge({ key, label, reasons: [], members: { unresolved } }, reason);
  }

  private merge(group: RequiredGroup, reason: string): void {
    const existing = this.groups.find((candidate) => candidate.key === group.key);
    const target = existing ?? group;
    if (!existing) this.groups.push(group);
    if (!target.reasons.includes(reason)) target.reasons.push(reason);
  }

  private fromOwner(owner: string): RequiredGroup {
    const kind = ownerKind(owner);
    if (kind === 'team') {
      const slug = owner.slice(1).toLowerCase();
      const policyGroup = this.policyGroupForTeam(slug);
      if (policyGroup) return this.fromPolicy(policyGroup);
      return { key: `team:${slug}`, label: owner, reasons: [], members: this.team(slug) };
    }
    if (kind === 'user') {
      const login = owner.slice(1).toLowerCase();
      return { key: `user:${login}`, label: owner, reasons: [], members: new Set([login]) };
    }
    return {
      key: `email:${owner.toLowerCase()}`,
      label: owner,
      reasons: [],
      members: {
        unresolved: `CODEOWNERS names the e-mail address ${owner}, which the check cannot map to an account; name @user or @org/team in CODEOWNERS instead`,
      },
    };
  }

  private fromPolicy(group: PolicyGroup): RequiredGroup {
    if (group.team) {
      const slug = group.team.slice(1).toLowerCase();
      return { key: `team:${slug}`, label: group.name, reasons: [], members: this.team(slug) };
    }
    const members = new Set((group.members ?? []).map((login) => login.toLowerCase()));
    return { key: `policy:${group.name}`, label: group.name, reasons: [], members };
  }

  /** Team members from the API when readable, else the policy's list, else fail closed. */
  private team(slug: string): RequiredGroup['members'] {
    const read = this.context.teamMembers.get(slug);
    if (read) return new Set(read.map((login) => login.toLowerCase()));

    const policyGroup = this.policyGroupForTeam(slug);
    if (policyGroup?.members) return new Set(policyGroup.members.map((m) => m.toLowerCase()));

    const org = slug.split('/')[0] ?? '';
    const entry = policyGroup
      ? `groups.${policyGroup.name}.members`
      : `a group with team: '@${slug}' and its members`;
    return {
      unresolved: `cannot read the members of @${slug}: give the workflow token members: read on the ${org} organisation, or add ${entry} to ${POLICY_PATH}`,
    };
  }

  private policyGroupForTeam(slug: string): PolicyGroup | undefined {
    const groups = Object.values(this.context.policy?.groups ?? {});
    return groups.find((group) => group.team?.slice(1).toLowerCase() === slug);
  }
}

function noPolicy(name: string): { unresolved: string } {
  return {
    unresolved: `group ${name} is not known because ${POLICY_PATH} is missing or invalid on the base branch; fix the policy first`,
  };
}
