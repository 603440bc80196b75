/**
 * The verdict for one packet path: who must approve it (code owners of its folder, owners of
 * the segments it assigns elsewhere, finance, the tiers its overage reaches, admins when gate
 * files change too), and whether they have, on the packet as it stands at the head.
 */
import type { Codeowners } from '../ownership/codeowners.js';
import type { Policy } from '../ownership/policy.js';
import { UNALLOCATED } from '../packet/packet.js';
import type { PacketChange } from './changed-units.js';
import { ownerFolderOf } from './changed-units.js';
import { judgeGroups } from './judge-groups.js';
import { GroupSet, type GroupContext } from './required-groups.js';
import { tiersFor } from './tier-groups.js';
import type { PacketVerdict, ReviewInput, SignoffInput } from './types.js';

export interface PacketContext {
  input: SignoffInput;
  policy: Policy | undefined;
  codeowners: Codeowners | undefined;
  groups: GroupContext;
  reviews: ReadonlyMap<string, ReviewInput>;
  gateFilesChanged: boolean;
}

const OWNER_ID = /^[a-z0-9][a-z0-9._-]{0,62}$/i;

/** Judges one changed packet path. */
export function judgePacket(change: PacketChange, context: PacketContext): PacketVerdict {
  const { input, policy } = context;
  const atHead = change.removed ? undefined : input.packets.find((p) => p.path === change.path);
  const data = record(atHead?.data);
  const findings = [...(atHead?.findings ?? [])];
  const isYaml = /\.ya?ml$/.test(change.path);

  // Step 1: a packet that did not parse cannot be judged (its tiers are unknown).
  if (!change.removed && isYaml && atHead?.data === undefined && findings.length === 0) {
    findings.push({
      code: 'SIGNOFF_PACKET_UNREADABLE',
      severity: 'error',
      file: change.path,
      line: 1,
      column: 1,
      field: '',
      message: 'the packet could not be read at the head commit; fix it so it parses',
    });
  }

  // Step 2: who must approve.
  const set = new GroupSet(context.groups);
  const folder = ownerFolderOf(change.path);
  addCodeOwners(set, context.codeowners, change.path, `code owner of ${change.path}`);
  const own = new Set([folder, str(data.allocation_owner), UNALLOCATED]);
  for (const segment of list(data.segments)) {
    const owner = str(record(segment).owner);
    if (owner === undefined || own.has(owner)) continue;
    own.add(owner);
    addSegmentOwner(set, context.codeowners, owner, change.path);
  }
  if (policy) set.addPolicyGroup(policy.financeGroup, 'finance signs every packet');
  else set.addPolicyGroup('finance', 'finance signs every packet');
  // Tiers follow a packet's overage; an evidence file has none (the packet citing it carries
  // the tiers), so only YAML packets get them, or every PR adding evidence would need them all.
  if (policy && !change.removed && isYaml) {
    for (const hit of tiersFor(data, policy.tiers)) {
      for (const name of hit.tier.groups) set.addPolicyGroup(name, hit.reason);
    }
  }
  if (context.gateFilesChanged) {
    set.addPolicyGroup(policy?.adminGroup ?? 'admins', 'the pull request also changes gate files');
  }

  // Step 3: whose approvals still cover this packet and its evidence at the head.
  const depends = [change.path, ...list(data.evidence).flatMap((e) => str(record(e).path) ?? [])];
  const head = input.blobs[input.pr.headSha];
  const stillValid = (review: ReviewInput): boolean => {
    const seen = input.blobs[review.commitId];
    return seen !== undefined && head !== undefined && depends.every((p) => seen[p] === head[p]);
  };
  const groups = judgeGroups({
    groups: set.groups,
    reviews: context.reviews,
    author: input.pr.author,
    stillValid,
  });

  const blocking = findings.some((finding) => finding.severity === 'error');
  return {
    path: change.path,
    packetId: str(data.exception_packet_id),
    overage: money(data.overage_amount),
    currency: str(data.currency),
    period: period(data),
    groups,
    findings,
    satisfied: !blocking && groups.every((group) => group.satisfied),
  };
}

/** Adds the CODEOWNERS owners of a path; a path nobody owns fails closed. */
export function addCodeOwners(
  set: GroupSet,
  codeowners: Codeowners | undefined,
  path: string,
  reason: string,
): void {
  if (!codeowners) {
    const why = `there is no CODEOWNERS file on the base branch, so the owner of ${path} is unknown; add one`;
    set.addUnresolved(`unowned:${path}`, 'code owner', reason, why);
    return;
  }
  const rule = codeowners.ruleFor(path);
  if (!rule || rule.owners.length === 0) {
    const why = `${codeowners.path} maps no owner to ${path}; add a line such as /packets/<owner>/ @org/<team> @org/finance`;
    set.addUnresolved(`unowned:${path}`, 'code owner', reason, why);
    return;
  }
  for (const owner of rule.owners)
    set.addOwner(owner, `${reason} (${codeowners.path}:${rule.line})`);
}

function addSegmentOwner(
  set: GroupSet,
  codeowners: Codeowners | undefined,
  owner: string,
  packetPath: string,
): void {
  const reason = `assigned cost as owner ${owner}`;
  if (!OWNER_ID.test(owner)) {
    const why = `segment owner ${JSON.stringify(owner.slice(0, 40))} is not an owner folder name under packets/`;
    set.addUnresolved(`segment:${owner}`, `owner ${owner.slice(0, 40)}`, reason, why);
    return;
  }
  const name = packetPath.split('/').pop() ?? 'packet.yml';
  addCodeOwners(set, codeowners, `packets/${owner}/${name}`, reason);
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function money(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function period(data: Record<string, unknown>): string | undefined {
  const start = str(data.review_period_start);
  const end = str(data.review_period_end);
  return start && end ? `${start} to ${end}` : undefined;
}
