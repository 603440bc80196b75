/**
 * The recorder's steps for one closed packet pull request: evaluate the sign-off as the PR
 * was closed, decide what the close means (`decideClosed`), and write the record on the base
 * branch (`recordDecision`). When nothing is recorded, the log says why.
 */
import * as core from '@actions/core';

import { decideClosed, type ClosedPullRequest } from '../core/history/decide-closed.js';
import { recordDecision, type DecisionOutcome } from '../io/git-record.js';
import { logUntrusted, verdictLines } from './log-untrusted.js';

/** The parts of the `pull_request_target` closed event the recorder reads. */
export interface ClosedEvent {
  pull_request: {
    number: number;
    merged: boolean;
    merge_commit_sha: string | null;
    merged_at: string | null;
    closed_at: string | null;
    head: { sha: string };
    base: { ref: string };
  };
}

/** Gathers the sign-off at close (verdict, reviews, group members, names) for one PR. */
export type SignoffAtClose = (
  pr: ClosedEvent['pull_request'],
) => Promise<Omit<ClosedPullRequest, 'merged'>>;

/** What the recorder did: the outcome, the decision, and the packets it wrote a commit for. */
export type RecordedClose = DecisionOutcome & {
  decision: 'approved' | 'denied';
  recorded: string[];
};

/** The identity recording commits are made as: the workflow token's own. */
const RECORDER = {
  name: 'github-actions[bot]',
  email: '41898282+github-actions[bot]@users.noreply.github.com',
};

/**
 * Records what the close of `event`'s PR means in the checkout at `workspace`: on the base
 * branch, or (`via: 'pull-request'`) on the recorder's own `record/pr-<N>` built on it.
 */
export async function recordClosedPull(
  event: ClosedEvent,
  workspace: string,
  signoffAtClose: SignoffAtClose,
  via: 'push' | 'pull-request' = 'push',
): Promise<RecordedClose | undefined> {
  const pr = event.pull_request;

  // 1. The sign-off as the PR stood when it closed, and what that means for each packet.
  const signoff = await signoffAtClose(pr);
  logUntrusted(verdictLines(signoff.verdict));
  const decisions = decideClosed({ merged: pr.merged, ...signoff });
  if (decisions.length === 0) {
    core.warning(`PR #${pr.number}: nothing recorded: ${whyNothing(pr.merged, signoff)}`);
    return undefined;
  }

  // 2. Which commit and time the decision is about.
  const decision = decisions[0]!.decision;
  const decidedCommit = decision === 'approved' ? pr.merge_commit_sha : pr.head.sha;
  const decidedAt = (decision === 'approved' ? pr.merged_at : pr.closed_at) ?? '';
  if (decidedCommit === null || decidedAt === '')
    throw new Error('the event lacks the merge commit or time');

  // 3. Write and push, retrying on a race; nothing is pushed unless every commit is made.
  const plan = { decision, pullRequest: pr.number, decidedCommit, decidedAt, packets: decisions };
  // The plan carries packet paths and review text from the pull request: log it inert.
  logUntrusted([`decision plan: ${JSON.stringify(plan)}`]);
  const outcome = await recordDecision({
    ...plan,
    dir: workspace,
    remote: 'origin',
    branch: pr.base.ref,
    committer: RECORDER,
    via,
  });
  for (const s of outcome.skipped) core.warning(`${s.code}: ${s.message}`);
  const where = outcome.pushedTo === undefined ? '' : ` on ${outcome.pushedTo}`;
  core.info(
    `recorded ${outcome.commits.length} commit(s)${where} in ${outcome.attempts} attempt(s)`,
  );
  core.setOutput('commits', outcome.commits.join(' '));
  const skipped = new Set(outcome.skipped.map((s) => s.path));
  const recorded = decisions.map((d) => d.path).filter((path) => !skipped.has(path));
  return { ...outcome, decision, recorded };
}

function whyNothing(merged: boolean, signoff: Omit<ClosedPullRequest, 'merged'>): string {
  const { verdict } = signoff;
  if (verdict.packets.length === 0) return 'the pull request changed no packets';
  if (merged) {
    // The audit reports the merged packet as approved without a record; that is the point.
    return `merged, but the sign-off did not pass (${verdict.summary}); not an approval`;
  }
  return 'closed without merge and no required group has changes requested; not a denial';
}
