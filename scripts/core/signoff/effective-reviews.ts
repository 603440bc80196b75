/**
 * Each reviewer's effective opinion, the way GitHub's branch protection reads the review list.
 */
import type { ReviewInput } from './types.js';

/**
 * The latest APPROVED or CHANGES_REQUESTED review of each reviewer, keyed by lower-cased
 * login. A later COMMENTED (or PENDING) review changes nothing; a DISMISSED review that is the
 * reviewer's latest decision leaves them with no opinion at all.
 */
export function effectiveReviews(reviews: readonly ReviewInput[]): Map<string, ReviewInput> {
  const ordered = [...reviews].sort(byTime);
  const latest = new Map<string, ReviewInput>();

  for (const review of ordered) {
    if (!DECISIONS.has(review.state)) continue;
    latest.set(review.login.toLowerCase(), review);
  }

  for (const [login, review] of latest) {
    if (review.state === 'DISMISSED') latest.delete(login);
  }
  return latest;
}

const DECISIONS = new Set(['APPROVED', 'CHANGES_REQUESTED', 'DISMISSED']);

/** Submission time, then id: ids grow with time, so they break ties deterministically. */
function byTime(a: ReviewInput, b: ReviewInput): number {
  const ta = Date.parse(a.submittedAt);
  const tb = Date.parse(b.submittedAt);
  if (ta !== tb && !Number.isNaN(ta) && !Number.isNaN(tb)) return ta - tb;
  return a.id - b.id;
}

/** True for an account whose approval may count: a person, not a bot, app or organisation. */
export function isPersonAccount(review: ReviewInput): boolean {
  return review.accountType === 'User' && !review.login.toLowerCase().endsWith('[bot]');
}
