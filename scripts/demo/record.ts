/**
 * The recorder as `record.yml` runs it once the pull request is closed: a runner checkout of
 * main with full history and the PR head fetched, the built entry point with the runner's
 * environment, and then what it pushed to origin's main.
 */
import path from 'node:path';
import type { TestRepo } from '../dev/git-repo.js';
import { closedPullEvent } from '../dev/github-stand-in/events.js';
import { runEntry } from '../dev/github-stand-in/run-entry.js';
import { cloneOrigin } from './demo-repository.js';
import type { DemoPull } from './pull-request.js';
import { PULL } from './scenario.js';

export interface RecordOutcome {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Origin's main after the run, and the commit it was at before. */
  before: string;
  after: string;
  /** Subject and trailers of origin's newest commit on main. */
  subject: string;
  trailers: Record<string, string[]>;
}

/** Runs `dist/scripts/action/record.js` for the closed pull request. */
export async function runRecorder(codeRoot: string, pull: DemoPull): Promise<RecordOutcome> {
  const { origin } = pull.repo;
  const before = origin.git('rev-parse', 'main').trim();

  // The workflow's checkout steps: main with full history, then the PR head.
  const runner = cloneOrigin(pull.repo, 'runner');
  runner.git('fetch', '-q', 'origin', `+refs/pull/${PULL}/head:refs/remotes/origin/pr-head`);

  const run = await runEntry(pull.api, 'pull_request_target', closedPullEvent(pull.api.state), {
    entry: path.join(codeRoot, 'dist/scripts/action/record.js'),
    env: { GITHUB_WORKSPACE: runner.dir },
  });
  runner.cleanup();

  const after = origin.git('rev-parse', 'main').trim();
  const subject = origin.git('log', '-1', '--format=%s', 'main').trim();
  return { ...run, before, after, subject, trailers: trailersOf(origin, 'main') };
}

/** The trailers of `ref`'s commit, by key, in order. */
function trailersOf(repo: TestRepo, ref: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const text = repo.git('log', '-1', '--format=%(trailers:only,unfold)', ref);
  for (const line of text.split('\n')) {
    const colon = line.indexOf(': ');
    if (colon <= 0) continue;
    const key = line.slice(0, colon);
    (out[key] ??= []).push(line.slice(colon + 2));
  }
  return out;
}
