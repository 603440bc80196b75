/**
 * Workflow entry for `record.yml`: on a closed packet PR, decide what the close means, then
 * write the record on the default branch with the recorder's identity. A few lines of wiring;
 * the decision is `decideClosed` and the git work is `recordDecision`.
 */
import { readFile } from 'node:fs/promises';

import * as core from '@actions/core';

import { decideClosed, type ClosedPullRequest } from '../core/history/decide-closed.js';
import { recordDecision } from '../io/git-record.js';
import { logUntrusted } from './log-untrusted.js';

/** The parts of the `pull_request_target` event the recorder reads. */
interface ClosedEvent {
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

/** Runs the recorder for the event at `eventPath` in the checkout at `workspace`. */
export async function runRecordAction(
  eventPath: string,
  workspace: string,
  signoffAtClose: SignoffAtClose,
): Promise<void> {
  const event = JSON.parse(await readFile(eventPath, 'utf8')) as ClosedEvent;
  const pr = event.pull_request;

  // 1. What the close means for each packet.
  const decisions = decideClosed({ merged: pr.merged, ...(await signoffAtClose(pr)) });
  if (decisions.length === 0) {
    core.info(`PR #${pr.number}: nothing to record (not approved, not denied)`);
    return;
  }
  const decision = decisions[0]!.decision;
  const decidedCommit = decision === 'approved' ? pr.merge_commit_sha : pr.head.sha;
  const decidedAt = (decision === 'approved' ? pr.merged_at : pr.closed_at) ?? '';
  if (decidedCommit === null || decidedAt === '')
    throw new Error('the event lacks the merge commit or time');

  // 2. Write and push, retrying on a race; nothing is pushed unless every commit is made.
  const plan = { decision, pullRequest: pr.number, decidedCommit, decidedAt, packets: decisions };
  // Paths and ids come from the pull request: printed with workflow commands switched off.
  logUntrusted([`decision plan: ${JSON.stringify(plan)}`]);
  const outcome = await recordDecision({
    ...plan,
    dir: workspace,
    remote: 'origin',
    branch: pr.base.ref,
    committer: {
      name: 'github-actions[bot]',
      email: '41898282+github-actions[bot]@users.noreply.github.com',
    },
  });
  for (const s of outcome.skipped) core.warning(`${s.code}: ${s.message}`);
  core.info(`recorded ${outcome.commits.length} commit(s) in ${outcome.attempts} attempt(s)`);
  core.setOutput('commits', outcome.commits.join(' '));
}

async function main(): Promise<void> {
  const eventPath = process.env.GITHUB_EVENT_PATH;
  const workspace = process.env.GITHUB_WORKSPACE;
  if (eventPath === undefined || workspace === undefined) {
    throw new Error('GITHUB_EVENT_PATH and GITHUB_WORKSPACE must be set (run inside Actions)');
  }
  // TODO: pass the sign-off shell's evaluation at close once it exists in scripts/action.
  await runRecordAction(eventPath, workspace, () => {
    throw new Error('the sign-off evaluation at close is not wired into the recorder yet');
  });
}

if (process.argv[1]?.endsWith('record.js') === true) {
  main().catch((error: unknown) =>
    core.setFailed(error instanceof Error ? error.message : String(error)),
  );
}
