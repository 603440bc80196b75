/**
 * Decides, for one unit of change, which required groups are satisfied by whose approval.
 */
import { isPersonAccount } from './effective-reviews.js';
import { matchApprovers } from './match-approvers.js';
import type { RequiredGroup } from './required-groups.js';
import type { GroupVerdict, ReviewInput } from './types.js';

export interface JudgeInput {
  groups: readonly RequiredGroup[];
  /** Effective review per lower-cased login (see `effectiveReviews`). */
  reviews: ReadonlyMap<string, ReviewInput>;
  author: string;
  /** Whether an approval made on this review's commit still covers the unit at the head. */
  stillValid: (review: ReviewInput) => boolean;
}

/** One verdict per required group, in the order the groups were required. */
export function judgeGroups(input: JudgeInput): GroupVerdict[] {
  const author = input.author.toLowerCase();
  const reviews = [...input.reviews.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

  // Step 1: who blocks a group (changes requested by a member) and who may sign for it.
  const blockers = input.groups.map((group) =>
    reviews
      .filter(([login, review]) => review.state === 'CHANGES_REQUESTED' && isMember(group, login))
      .map(([, review]) => review),
  );
  const candidates = input.groups.map((group, index) => {
    if (!(group.members instanceof Set) || (blockers[index] ?? []).length > 0) return [];
    return reviews
      .filter(([login, review]) => counts(review, login, author, input) && isMember(group, login))
      .map(([login]) => login);
  });

  // Step 2: one person per group, as many groups as possible.
  const matched = matchApprovers(candidates);
  const signsFor = new Map<string, string>();
  matched.forEach((login, index) => {
    if (login !== undefined) signsFor.set(login, input.groups[index]?.label ?? '');
  });

  // Step 3: say what each group has, or lacks.
  return input.groups.map((group, index) => {
    const base = {
      group: group.label,
      reason: group.reasons.join('; '),
      ...(group.members instanceof Set ? { members: [...group.members].sort() } : {}),
    };
    const login = matched[index];
    const review = login === undefined ? undefined : input.reviews.get(login);
    if (review) {
      const approvedBy = {
        login: review.login,
        commitId: review.commitId,
        submittedAt: review.submittedAt,
      };
      return { ...base, satisfied: true, approvedBy };
    }
    const missing = whyMissing(group, blockers[index] ?? [], reviews, author, signsFor, input);
    if (!(group.members instanceof Set))
      return { ...base, satisfied: false, missing, unresolved: true };
    return { ...base, satisfied: false, missing };
  });
}

function isMember(group: RequiredGroup, login: string): boolean {
  return group.members instanceof Set && group.members.has(login);
}

function counts(review: ReviewInput, login: string, author: string, input: JudgeInput): boolean {
  return (
    review.state === 'APPROVED' &&
    login !== author &&
    isPersonAccount(review) &&
    input.stillValid(review)
  );
}

function whyMissing(
  group: RequiredGroup,
  blockers: readonly ReviewInput[],
  reviews: readonly [string, ReviewInput][],
  author: string,
  signsFor: ReadonlyMap<string, string>,
  input: JudgeInput,
): string {
  if (!(group.members instanceof Set)) return group.members.unresolved;
  if (blockers.length > 0) {
    const names = blockers.map((review) => review.login).join(', ');
    return `changes requested by ${names}; the same person must approve to clear it`;
  }

  const notes: string[] = [];
  for (const [login, review] of reviews) {
    if (review.state !== 'APPROVED' || !isMember(group, login)) continue;
    if (login === author) notes.push(`${review.login} is the author and cannot sign`);
    else if (!isPersonAccount(review)) notes.push(`${review.login} is not a person's account`);
    else if (!input.stillValid(review)) {
      notes.push(
        `approval by ${review.login} on ${review.commitId.slice(0, 7)} is void: the packet or its evidence changed since`,
      );
    } else {
      const other = signsFor.get(login);
      if (other !== undefined) {
        notes.push(`${review.login} already signs for ${other}; one person signs for one group`);
      }
    }
  }
  const head = `no approval from a member of ${group.label}`;
  return notes.length > 0 ? `${head} (${notes.join('; ')})` : head;
}
