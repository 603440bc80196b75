import { afterEach, describe, expect, it } from 'vitest';
import { createRepo } from '../../scripts/dev/git-repo.js';
import { startGitHubApi, type GitHubApi } from '../../scripts/dev/github-stand-in/server.js';
import { approval, FIRST, PACKET, scenario } from '../support/open-pull-scenario.js';
import { runCli } from '../../scripts/dev/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

let api: GitHubApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function signoff(reviews: ReturnType<typeof approval>[], args: string[] = []) {
  api = await startGitHubApi(scenario(FIRST, reviews));
  const env = { GITHUB_TOKEN: api.state.token };
  const argv = ['signoff', '--pr', '42', '--repo', 'example-org/cost-exceptions', ...args];
  return runCli([...argv, '--api-url', api.url], { cwd: tempDir(), env });
}

/** The table row of `group` under the packet, its cells trimmed. */
function row(stdout: string, group: string): string[] | undefined {
  const line = stdout.split('\n').find((l) => l.trimStart().startsWith(`${group} `));
  return line?.split('|').map((cell) => cell.trim());
}

describe('packet signoff', () => {
  it('prints the per-packet table and exits 0 when every group approved', async () => {
    const run = await signoff([approval('mia', FIRST), approval('fiona', FIRST)]);

    // The stand-in serves only the teams a packet needs; the others are reported, not fatal.
    expect(run.stderr.split('\n').every((l) => l.startsWith('warning: Team @example-org/'))).toBe(
      true,
    );
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(/^passed: /);
    expect(run.stdout).toContain(`${PACKET}: signed off`);
    expect(run.stdout).toContain('EXC-2026-12-02-ML-PLATFORM · overage 262.35 USD');
    expect(row(run.stdout, 'ml-platform')?.slice(2, 5)).toEqual([
      'approved',
      'mia',
      FIRST.slice(0, 7),
    ]);
    expect(row(run.stdout, 'finance')?.slice(2, 4)).toEqual(['approved', 'fiona']);
    expect(api!.writes()).toEqual([]);
    expect(api!.violations).toEqual([]);
  });

  it('exits 2 saying what to check for a pull request GitHub does not have, or a bad token', async () => {
    api = await startGitHubApi(scenario(FIRST, [approval('fiona', FIRST)]));
    const run = (pr: string, token: string) =>
      runCli(
        ['signoff', '--pr', pr, '--repo', 'example-org/cost-exceptions', '--api-url', api!.url],
        { cwd: tempDir(), env: { GITHUB_TOKEN: token } },
      );

    const missing = await run('43', api.state.token);
    const refused = await run('42', 'not-the-token');

    expect([missing.code, missing.stderr.split('\n')[0]]).toEqual([
      2,
      `packet: pull request #43 of example-org/cost-exceptions was not found at ${api.url}`,
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /^packet: GitHub refused the token for example-org\/cost-exceptions \(HTTP 40[13]\)/,
    );
    expect(`${missing.stderr}${refused.stderr}`).not.toContain('unexpected error');
  });

  it('exits 1 and names the missing group when only finance approved', async () => {
    const run = await signoff([approval('fiona', FIRST)]);

    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')[0]).toMatch(/^not passed: /);
    expect(row(run.stdout, 'ml-platform')?.[2]).toBe('waiting');
    expect(row(run.stdout, 'ml-platform')?.[5]).toContain('no approval from a member of');
  });

  it('takes the repository from the origin remote when --repo is not given', async () => {
    api = await startGitHubApi(scenario(FIRST, [approval('mia', FIRST)]));
    const repo = createRepo();
    repo.git('remote', 'add', 'origin', 'git@github.com:example-org/cost-exceptions.git');

    const run = await runCli(['signoff', '--pr', '42', '--api-url', api.url], {
      cwd: repo.dir,
      env: { GH_TOKEN: api.state.token },
    });

    repo.cleanup();
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${PACKET}: not signed off`);
  });

  it('strips terminal control sequences from text the pull request supplies', async () => {
    api = await startGitHubApi(scenario(FIRST, []));
    const hostile = 'packets/ml-platform/\u001b[2J\u001b]0;pwned\u0007x.yaml';
    api.state.files.push({ filename: hostile, status: 'added' });
    api.state.commits[FIRST]![hostile] = 'not: [a packet\n';

    const run = await runCli(
      ['signoff', '--pr', '42', '--repo', 'example-org/cost-exceptions', '--api-url', api.url],
      { cwd: tempDir(), env: { GITHUB_TOKEN: api.state.token } },
    );

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('packets/ml-platform/ [2J ]0;pwned x.yaml');
    // eslint-disable-next-line no-control-regex -- asserting that none are left
    expect(run.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
  });

  it.each([
    {
      name: 'no token',
      argv: ['--pr', '42', '--repo', 'a/b'],
      env: {},
      says: 'GITHUB_TOKEN or GH_TOKEN',
    },
    { name: 'no --pr', argv: ['--repo', 'a/b'], env: { GH_TOKEN: 't' }, says: '--pr needs' },
    {
      name: 'a bad --pr',
      argv: ['--pr', 'x1', '--repo', 'a/b'],
      env: { GH_TOKEN: 't' },
      says: '--pr needs',
    },
    {
      name: 'a bad --repo',
      argv: ['--pr', '1', '--repo', 'a/b/c'],
      env: { GH_TOKEN: 't' },
      says: 'not owner/name',
    },
    {
      name: 'no repository at all',
      argv: ['--pr', '1'],
      env: { GH_TOKEN: 't' },
      says: 'pass --repo',
    },
  ])('stops with a usage error on $name', async ({ argv, env, says }) => {
    const run = await runCli(['signoff', ...argv], { cwd: tempDir(), env });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(says);
    expect(run.stdout).toBe('');
  });

  it('answers --help with an example', async () => {
    const run = await runCli(['signoff', '--help'], { cwd: tempDir() });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Example:\n  GH_TOKEN=$(gh auth token) packet signoff --pr 42');
  });
});
