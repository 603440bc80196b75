/**
 * Reads what a GitHub Actions runner sets for a step and the event that started the run.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import type { RepoRef } from '../io/github.js';

export interface RunnerEnv {
  eventName: string;
  event: Record<string, unknown>;
  repo: RepoRef;
  apiUrl: string;
  token: string;
}

// Events whose payload carries the pull request the gate judges.
const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target', 'pull_request_review']);

/** The runner's environment, or a UsageError that names the missing variable. */
export function readRunnerEnv(env: NodeJS.ProcessEnv): RunnerEnv {
  const eventName = required(env, 'GITHUB_EVENT_NAME');
  const eventPath = required(env, 'GITHUB_EVENT_PATH');
  const repository = required(env, 'GITHUB_REPOSITORY');
  const token = env.INPUT_TOKEN || env.GITHUB_TOKEN;
  if (!token) {
    throw new UsageError(
      'No token: neither INPUT_TOKEN nor GITHUB_TOKEN is set.',
      'Pass `env: GITHUB_TOKEN: ${{ github.token }}` to the step.',
    );
  }

  const [owner, repo] = repository.split('/');
  if (!owner || !repo) throw new UsageError(`GITHUB_REPOSITORY is not owner/name: ${repository}`);

  let event: Record<string, unknown>;
  try {
    event = JSON.parse(readFileSync(eventPath, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`Cannot read the event payload at ${eventPath}: ${String(error)}`);
  }
  // Runners always set GITHUB_API_URL (it differs on GitHub Enterprise Server).
  const apiUrl = required(env, 'GITHUB_API_URL');
  return { eventName, event, repo: { owner, repo }, apiUrl, token };
}

/** The pull request number of a pull request or review event. */
export function pullNumberOf(runner: RunnerEnv): number {
  const pull = runner.event.pull_request as { number?: unknown } | undefined;
  if (!PULL_REQUEST_EVENTS.has(runner.eventName) || typeof pull?.number !== 'number') {
    // Never let an unexpected trigger look like a pass: the step fails and says why.
    throw new UsageError(
      `The sign-off gate runs on pull request and review events, not ${runner.eventName}.`,
      'Trigger it on pull_request_target and pull_request_review (see the workflow).',
    );
  }
  return pull.number;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new UsageError(`${name} is not set; run this step inside a GitHub workflow.`);
  return value;
}
