/**
 * `packet signoff --pr N [--repo owner/name] [--api-url URL]`: the gate's evaluation from a
 * terminal. Gathers exactly what the check gathers, through the API, evaluates it with the same
 * core, prints the per-packet tables, and exits 0 when the sign-off passed, 1 when not.
 */
import { parseArgs } from 'node:util';

import { gatherSignoffInput } from '../action/gather-signoff-input.js';
import { UsageError } from '../core/errors.js';
import { renderVerdictText } from '../core/render/verdict-text.js';
import { evaluateSignoff } from '../core/signoff/evaluate.js';
import { originRepo } from '../io/git-remote.js';
import { createGitHubClient, type RepoRef } from '../io/github.js';
import { EXIT, type CommandIo } from './io.js';

export const SIGNOFF_HELP = `Usage: packet signoff --pr N [--repo owner/name] [--api-url URL]

Evaluates the sign-off of pull request N as the packet-signoff check does: CODEOWNERS and the
policy from its base commit, its packets and evidence read through the API as data, every
review. Prints who approved and who is missing per packet; exits 0 when it passed, 1 when not.
Needs a token in GITHUB_TOKEN or GH_TOKEN (pull requests and contents: read; members: read to
resolve teams). --repo defaults to GITHUB_REPOSITORY, then to the origin remote; --api-url to
GITHUB_API_URL, then to GitHub's public API.

Example:
  GH_TOKEN=$(gh auth token) packet signoff --pr 42 --repo example-org/cost-exceptions`;

const PUBLIC_API = 'https://api.github.com';

/** Runs the signoff command; returns the exit code. */
export async function runSignoff(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      pr: { type: 'string' },
      repo: { type: 'string' },
      'api-url': { type: 'string' },
    },
  });
  const pullNumber = Number(values.pr);
  if (!Number.isInteger(pullNumber) || pullNumber <= 0) {
    throw new UsageError('--pr needs a pull request number', 'for example: packet signoff --pr 42');
  }
  const token = io.env.GITHUB_TOKEN || io.env.GH_TOKEN;
  if (!token) {
    throw new UsageError(
      'no token: set GITHUB_TOKEN or GH_TOKEN',
      'for example: GH_TOKEN=$(gh auth token) packet signoff --pr 42',
    );
  }
  const repo = await repoOf(values.repo ?? io.env.GITHUB_REPOSITORY, io.cwd);
  const apiUrl = values['api-url'] ?? (io.env.GITHUB_API_URL || PUBLIC_API);

  const client = createGitHubClient(token, apiUrl);
  const log = { info: () => {}, warning: (message: string) => io.stderr(`warning: ${message}`) };
  const input = await gatherSignoffInput(client, repo, pullNumber, log).catch((error: unknown) => {
    throw apiProblem(error, repo, pullNumber, apiUrl) ?? error;
  });
  const verdict = evaluateSignoff(input);

  io.stdout(renderVerdictText(verdict));
  return verdict.passed ? EXIT.ok : EXIT.findings;
}

/** What GitHub's answer means for the person who ran the command, when it is theirs to fix. */
function apiProblem(
  error: unknown,
  repo: RepoRef,
  pullNumber: number,
  apiUrl: string,
): UsageError | undefined {
  const status = (error as { status?: unknown } | undefined)?.status;
  const where = `${repo.owner}/${repo.repo}`;
  if (status === 404) {
    return new UsageError(
      `pull request #${pullNumber} of ${where} was not found at ${apiUrl}`,
      'check --pr and --repo, and that the token can read that repository',
    );
  }
  if (status === 401 || status === 403) {
    return new UsageError(
      `GitHub refused the token for ${where} (HTTP ${status})`,
      'use a token that can read pull requests, reviews and team members of that repository',
    );
  }
  return undefined;
}

async function repoOf(text: string | undefined, cwd: string): Promise<RepoRef> {
  if (text === undefined) {
    const origin = await originRepo(cwd);
    if (origin) return origin;
    throw new UsageError('no repository: pass --repo owner/name', 'or run inside a clone');
  }
  const [owner, repo, ...rest] = text.split('/');
  if (!owner || !repo || rest.length > 0) {
    throw new UsageError(`--repo ${text} is not owner/name`, 'for example: --repo acme/packets');
  }
  return { owner, repo };
}
