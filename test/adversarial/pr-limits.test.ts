/**
 * Limits per pull request, read from the base commit's policy: more changed files than
 * `max_files_per_pull_request` (default 300; GitHub lists at most 3,000) or more packets than
 * `max_packets_per_pull_request` is refused rather than judged in part, and never passes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gatherSignoffInput } from '../../scripts/action/gather-signoff-input.js';
import { evaluateSignoff } from '../../scripts/core/signoff/evaluate.js';
import { createGitHubClient } from '../../scripts/io/github.js';
import { commitId } from '../../scripts/dev/github-stand-in/git-blob.js';
import { repoState, type SeedFileChange } from '../../scripts/dev/github-stand-in/repo-state.js';
import { startGitHubApi, type GitHubApi } from '../../scripts/dev/github-stand-in/server.js';
import { REPO_ROOT } from '../support/paths.js';

const BASE = commitId('base');
const HEAD = commitId('head');
const POLICY = readFileSync(path.join(REPO_ROOT, '.github/packet-policy.yml'), 'utf8');
const CODEOWNERS = readFileSync(path.join(REPO_ROOT, 'CODEOWNERS'), 'utf8');

const docs = (n: number): SeedFileChange[] =>
  Array.from({ length: n }, (_, i) => ({ filename: `notes/n${i}.md`, status: 'added' }));
const packets = (n: number): SeedFileChange[] =>
  Array.from({ length: n }, (_, i) => ({
    filename: `packets/ml-platform/p${i}.yaml`,
    status: 'removed',
  }));

const CASES: { name: string; policy: string; files: SeedFileChange[]; codes: string[] }[] = [
  {
    name: '300 files: within the default',
    policy: POLICY,
    files: docs(300),
    codes: [],
  },
  {
    name: '301 files: over the default of 300',
    policy: POLICY,
    files: docs(301),
    codes: ['SIGNOFF_TOO_MANY_FILES'],
  },
  {
    name: 'a lower file limit set in the policy',
    policy: `${POLICY}  max_files_per_pull_request: 10\n`,
    files: docs(11),
    codes: ['SIGNOFF_TOO_MANY_FILES'],
  },
  {
    name: '26 packets: over the policy limit of 25',
    policy: POLICY,
    files: packets(26),
    codes: ['SIGNOFF_TOO_MANY_PACKETS'],
  },
  {
    name: 'a packet with .gitattributes (which changes every blob id) is a mixed change',
    policy: POLICY,
    files: [...packets(1), { filename: '.gitattributes', status: 'modified' }],
    codes: ['SIGNOFF_MIXED_CHANGES'],
  },
];

describe('limits per pull request', () => {
  let api: GitHubApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  it.each(CASES)('$name', async ({ policy, files, codes }) => {
    const base = { CODEOWNERS, '.github/packet-policy.yml': policy };
    api = await startGitHubApi(
      repoState({
        owner: 'example-org',
        pull: { number: 9, author: { login: 'alice' }, headSha: HEAD, baseSha: BASE },
        commits: { [BASE]: base, [HEAD]: base },
        files,
        teams: { 'example-org/ml-platform': ['mia'], 'example-org/finance': ['fiona'] },
      }),
    );
    const client = createGitHubClient(api.state.token, api.url);
    const log = { info: () => undefined, warning: () => undefined };
    const input = await gatherSignoffInput(
      client,
      { owner: 'example-org', repo: 'cost-exceptions' },
      9,
      log,
    );
    const verdict = evaluateSignoff(input);

    const limits = verdict.problems
      .map((p) => p.code)
      .filter((code) => /^SIGNOFF_(TOO_MANY|MIXED)/.test(code));
    expect(limits).toEqual(codes);
    if (codes.length > 0) expect(verdict.passed).toBe(false);
    expect(api.violations).toEqual([]);
  });
});
