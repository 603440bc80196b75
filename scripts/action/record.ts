/**
 * Workflow entry for `record.yml`: on a closed packet PR, evaluate the sign-off at close through
 * the API and record the decision on the base branch in the workflow's checkout.
 */
import * as core from '@actions/core';

import { UsageError } from '../core/errors.js';
import { createGitHubClient } from '../io/github.js';
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

  const client = createGitHubClient(runner.token, runner.apiUrl);
  await recordClosedPull(event, workspace, signoffAtClose(client, runner.repo, core));
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
