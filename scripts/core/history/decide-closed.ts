/**
 * What a closed pull request means for each packet it carries: merged with the gate passed is
 * an approval; closed unmerged after a required group requested changes is a denial; anything
 * else records nothing.
 */
import type { Approval } from '../packet/packet.js';
import type { ReviewInput, Verdict } from '../signoff/types.js';
import { approvalsFromVerdict } from './approvals-from-verdict.js';

export interface ClosedPullRequest {
  merged: boolean;
  /** The sign-off evaluated on the PR as it was closed. */
  verdict: Verdict;
  reviews: ReviewInput[];
  /** Members of each group that could be read, by group name as the verdict names it. */
  groupMembers: Readonly<Record<string, readonly string[]>>;
  /** Display names by login, when known. */
  names: Readonly<Record<string, string>>;
}

export type PacketDecision =
  | { path: string; decision: 'approved'; approvals: Approval[] }
  | { path: string; decision: 'denied'; approvals: Approval[]; reason: string };

/** One decision per packet, or none when the close decided nothing. */
export function decideClosed(pr: ClosedPullRequest): PacketDecision[] {
  if (pr.merged) {
    // A merge the gate did not pass is not an approval; the audit reports the missing record.
    if (!pr.verdict.passed) return [];
    return pr.verdict.packets.map((p) => ({
      path: p.path,
      decision: 'approved' as const,
      approvals: approvalsFromVerdict(p.groups, pr.names),
    }));
  }

  const decisions: PacketDecision[] = [];
  for (const packet of pr.verdict.packets) {
    const denial = latestRequiredChangeRequest(
      pr,
      packet.groups.map((g) => g.group),
    );
    if (denial === undefined) continue;
    const { review, group } = denial;
    const name = pr.names[review.login];
    decisions.push({
      path: packet.path,
      decision: 'denied',
      reason: review.body,
      approvals: [
        {
          login: review.login,
          ...(name === undefined ? {} : { name }),
          group,
          reviewed_commit: review.commitId,
          submitted_at: review.submittedAt,
        },
      ],
    });
  }
  return decisions;
}

/** The latest review per person counts; a denial is a change request still standing. */
function latestRequiredChangeRequest(
  pr: ClosedPullRequest,
  groups: readonly string[],
): { review: ReviewInput; group: string } | undefined {
  const latest = new Map<string, ReviewInput>();
  for (const r of pr.reviews) {
    if (r.accountType !== 'User' || r.state === 'COMMENTED' || r.state === 'PENDING') continue;
    const seen = latest.get(r.login.toLowerCase());
    if (seen === undefined || seen.submittedAt <= r.submittedAt)
      latest.set(r.login.toLowerCase(), r);
  }

  let found: { review: ReviewInput; group: string } | undefined;
  for (const review of latest.values()) {
    if (review.state !== 'CHANGES_REQUESTED') continue;
    const group = groups.find((g) =>
      (pr.groupMembers[g] ?? []).some((m) => m.toLowerCase() === review.login.toLowerCase()),
    );
    if (group === undefined) continue;
    if (found === undefined || found.review.submittedAt < review.submittedAt)
      found = { review, group };
  }
  return found;
}
