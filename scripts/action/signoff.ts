/**
 * The sign-off gate's entry point, run by `.github/workflows/signoff.yml` from the BASE
 * branch's code: gather the pull request's state through the API, evaluate, publish, and fail
 * the step unless every required group approved the packets as they stand.
 */
import * as core from '@actions/core';
import { UsageError } from '../core/errors.js';
import { evaluateSignoff } from '../core/signoff/evaluate.js';
import { createGitHubClient } from '../io/github.js';
import { gatherSignoffInput } from './gather-signoff-input.js';
import { logUntrusted, verdictLines } from './log-untrusted.js';
import { publishVerdict } from './publish-verdict.js';
import { readRunnerEnv, pullNumberOf } from './runner-env.js';

async function run(): Promise<void> {
  const runner = readRunnerEnv(process.env);
  const pullNumber = pullNumberOf(runner);
  const client = createGitHubClient(runner.token, runner.apiUrl);

  core.info(`Evaluating the sign-off of pull request #${pullNumber} (${runner.eventName})`);
  const input = await gatherSignoffInput(client, runner.repo, pullNumber, core);
  const verdict = evaluateSignoff(input);

  logUntrusted(verdictLines(verdict));
  const published = await publishVerdict(client, runner.repo, input.pr, verdict);
  core.info(`Check run ${published.checkRun.action}, comment ${published.comment.action}`);

  if (!verdict.passed) core.setFailed(`Sign-off not complete: ${verdict.summary}`);
}

// One place maps failures to the step's result; process.exitCode, never process.exit.
run().catch((error: unknown) => {
  if (error instanceof UsageError) {
    core.setFailed(error.hint ? `${error.message}\n${error.hint}` : error.message);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  core.setFailed(`The sign-off gate could not finish: ${message}`);
});
