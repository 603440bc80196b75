/**
 * The people whose display names a record of a closed pull request will carry: the approvers
 * of a merge the gate passed, or the reviewers who requested changes on a PR closed unmerged.
 * Each login once, so the shell reads each profile once.
 */
import type { ReviewInput, Verdict } from '../signoff/types.js';

export interface ClosedSignoff {
  merged: boolean;
  verdict: Verdict;
  reviews: readonly ReviewInput[];
}

/** Distinct logins (compared without case, first spelling kept), in the order met. */
export function loginsToName(pr: ClosedSignoff): string[] {
  const logins: string[] = [];

  if (pr.merged) {
    // A merge the gate did not pass records nothing, so no name is needed.
    if (!pr.verdict.passed) return [];
    for (const packet of pr.verdict.packets) {
      for (const group of packet.groups) {
        if (group.satisfied && group.approvedBy !== undefined) logins.push(group.approvedBy.login);
      }
    }
  } else {
    for (const review of pr.reviews) {
      if (review.accountType === 'User' && review.state === 'CHANGES_REQUESTED') {
        logins.push(review.login);
      }
    }
  }

  const seen = new Set<string>();
  return logins.filter((login) => {
    const key = login.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
