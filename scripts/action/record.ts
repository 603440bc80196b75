/**
 * Workflow entry for `record.yml`: on a closed packet PR, evaluate the sign-off at close through
 * the API and record the decision on the base branch in the workflow's checkout. With
 * `PACKET_RECORD_VIA=pull-request` the record goes to `record/pr-<N>` instead, and a pull
 * request is opened to land it, so no identity needs to push to the base branch.
 */
import * as core from '@actions/core';

import { UsageError } from '../core/errors.js';
import { createGitHubClient } from '../io/github.js';
import { openRecordPull } from './open-record-pull.js';
import { recordClosedPull, type ClosedEvent } from './record-closed-pull.js';
import { readRunnerEnv } from './runner-env.js';
import { signoffAtClose } from './signoff-at-close.js';

async function run(): Promise<void> {
  const runner = readRunnerEnv(process.env);
  const workspace = process.env.GITHUB_WORKSPACE;
  if (!workspace) throw new UsageError('GITHUB_WORKSPACE is not set; run inside a workflow.');
  const event = runner.event as unknown as ClosedEvent;
  if (typeof event.pull_request?.number !== 'number') {
    throw new UsageError(`The recorder runs on closed pull requests, not ${runner.eventName}.`);
  }

  const via = readVia(process.env.PACKET_RECORD_VIA);

  const client = createGitHubClient(runner.token, runner.apiUrl);
  const outcome = await recordClosedPull(
    event,
    workspace,
    signoffAtClose(client, runner.repo, core),
    via,
  );

  // In pull-request mode the commits wait on their branch for a pull request to land them.
  if (via !== 'pull-request' || outcome?.pushedTo === undefined) return;
  const { pull, opened } = await openRecordPull(client, runner.repo, {
    pullRequest: event.pull_request.number,
    decision: outcome.decision,
    head: outcome.pushedTo,
    base: event.pull_request.base.ref,
    packets: outcome.recorded,
  });
  core.info(`${opened ? 'opened' : 'already open:'} #${pull.number} ${pull.htmlUrl}`);
  core.setOutput('record-pull-request', String(pull.number));
}

function readVia(value: string | undefined): 'push' | 'pull-request' {
  if (value === undefined || value === '' || value === 'push') return 'push';
  if (value === 'pull-request') return 'pull-request';
  throw new UsageError(
    `PACKET_RECORD_VIA is ${JSON.stringify(value)}`,
    'set it to push (the default) or pull-request',
  );
}

// One place maps failures to the step's result; process.exitCode, never process.exit.
run().catch((error: unknown) => {
  if (error instanceof UsageError) {
    core.setFailed(error.hint ? `${error.message}\n${error.hint}` : error.message);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  core.setFailed(`The recorder could not finish: ${message}`);
});
