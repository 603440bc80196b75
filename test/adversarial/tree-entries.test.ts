/**
 * Symlinks and submodules under packets/: errors found from git's records, never followed. In
 * `packet validate` (a real git work tree, including a checkout that writes links as plain
 * files) and in the sign-off gate (the trees API of the loopback stand-in, where the contents
 * API, like GitHub's, answers a link to a file with the target's bytes).
 */
import { cpSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gatherSignoffInput } from '../../scripts/action/gather-signoff-input.js';
import { evaluateSignoff } from '../../scripts/core/signoff/evaluate.js';
import { createGitHubClient } from '../../scripts/io/github.js';
import { createRepo } from '../../scripts/dev/git-repo.js';
import { commitId } from '../../scripts/dev/github-stand-in/git-blob.js';
import { repoState, type SeedMode } from '../../scripts/dev/github-stand-in/repo-state.js';
import { startGitHubApi, type GitHubApi } from '../../scripts/dev/github-stand-in/server.js';
import { REPO_ROOT } from '../support/paths.js';
import { runCli } from '../../scripts/dev/run-cli.js';
import { copyOfExamples, tempDir } from '../support/temp-dir.js';
import { VALID_PATH, VALID_TEXT } from './support.js';

const LINK = 'packets/ml-platform/EXC-2026-12-09-ML-PLATFORM.yaml';
const SUBMODULE = 'packets/vendor';

/** `file CODE` pairs of a validation's JSON findings for the given paths. */
async function findingsAt(dir: string, files: string[]): Promise<string[]> {
  const run = await runCli(['validate', '--format', 'json', '--no-cache', '--root', dir], {
    cwd: dir,
    env: { PACKET_NO_CACHE: '1' },
  });
  const report = JSON.parse(run.stdout) as { findings: { file: string; code: string }[] };
  return report.findings.filter((f) => files.includes(f.file)).map((f) => `${f.file} ${f.code}`);
}

function gitRepoOfExamples(): { dir: string; git: (...args: string[]) => string } {
  const dir = copyOfExamples();
  const repo = createRepo({ dir });
  repo.git('add', '-A');
  repo.commit('examples');
  return { dir, git: (...args: string[]) => repo.git(...args) };
}

describe('symlinks and submodules in packet validate', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  const CASES: {
    name: string;
    setup: (dir: string, git: (...a: string[]) => string) => void;
    expected: string[];
  }[] = [
    {
      name: 'a committed symlink to a valid packet',
      setup: (dir, git) => {
        symlinkSync(path.basename(VALID_PATH), path.join(dir, LINK));
        git('add', LINK);
        git('commit', '-q', '-m', 'link');
      },
      expected: [`${LINK} FILE_SYMLINK`],
    },
    {
      name: 'a staged symlink not yet committed',
      setup: (dir, git) => {
        symlinkSync(path.basename(VALID_PATH), path.join(dir, LINK));
        git('add', LINK);
      },
      expected: [`${LINK} FILE_SYMLINK`],
    },
    {
      name: 'a symlink checked out as a plain file (core.symlinks=false)',
      setup: (dir, git) => {
        git('config', 'core.symlinks', 'false');
        writeFileSync(path.join(dir, 'target.txt'), path.basename(VALID_PATH));
        const blob = git('hash-object', '-w', 'target.txt').trim();
        rmSync(path.join(dir, 'target.txt'));
        git('update-index', '--add', '--cacheinfo', `120000,${blob},${LINK}`);
        git('commit', '-q', '-m', 'link as text');
        git('checkout', '--', LINK);
      },
      expected: [`${LINK} FILE_SYMLINK`],
    },
    {
      name: 'a submodule',
      setup: (_dir, git) => {
        git('update-index', '--add', '--cacheinfo', `160000,${'1'.repeat(40)},${SUBMODULE}`);
        git('commit', '-q', '-m', 'submodule');
      },
      expected: [`${SUBMODULE} FILE_SUBMODULE`],
    },
  ];

  it.each(CASES)('$name is an error, found from git', async ({ setup, expected }) => {
    const { dir, git } = gitRepoOfExamples();
    dirs.push(dir);
    setup(dir, git);

    expect(await findingsAt(dir, [LINK, SUBMODULE, VALID_PATH])).toEqual(expected);
  });
});

describe('a linked packets folder', () => {
  it('is reported as a link, and nothing behind it is read as a packet, with or without git', async () => {
    const { dir, git } = gitRepoOfExamples();
    const outside = tempDir();
    cpSync(path.join(dir, 'packets'), outside, { recursive: true });
    git('rm', '-r', '-q', 'packets');
    symlinkSync(outside, path.join(dir, 'packets'));
    git('add', 'packets');
    git('commit', '-q', '-m', 'packets elsewhere');

    const run = await runCli(['validate', '--format', 'json', '--no-cache', '--root', dir], {
      cwd: dir,
      env: { PACKET_NO_CACHE: '1' },
    });
    const report = JSON.parse(run.stdout) as { findings: { file: string; code: string }[] };

    expect(run.code).toBe(1);
    expect(report.findings.filter((f) => f.file.startsWith('packets'))).toEqual([
      expect.objectContaining({ file: 'packets', code: 'FILE_SYMLINK' }),
    ]);
    rmSync(path.join(dir, '.git'), { recursive: true, force: true });
    expect(await findingsAt(dir, ['packets'])).toEqual(['packets FILE_SYMLINK']);
  });
});

describe('symlinks and submodules in the sign-off gate', () => {
  let api: GitHubApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  const BASE = commitId('base');
  const HEAD = commitId('head');
  const root = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');

  async function gate(path: string, text: string, mode: SeedMode) {
    const base = {
      CODEOWNERS: root('CODEOWNERS'),
      '.github/packet-policy.yml': root('.github/packet-policy.yml'),
    };
    api = await startGitHubApi(
      repoState({
        owner: 'example-org',
        pull: { number: 7, author: { login: 'alice' }, headSha: HEAD, baseSha: BASE },
        commits: { [BASE]: base, [HEAD]: { ...base, [VALID_PATH]: VALID_TEXT, [path]: text } },
        modes: { [HEAD]: { [path]: mode } },
        files: [{ filename: path, status: 'added' }],
        teams: { 'example-org/ml-platform': ['mia'], 'example-org/finance': ['fiona'] },
      }),
    );
    const client = createGitHubClient(api.state.token, api.url);
    const log = { info: () => undefined, warning: () => undefined };
    const input = await gatherSignoffInput(
      client,
      { owner: 'example-org', repo: 'cost-exceptions' },
      7,
      log,
    );
    return { input, verdict: evaluateSignoff(input) };
  }

  it('reports a symlink the contents API would have served as the target packet', async () => {
    const { input, verdict } = await gate(LINK, path.basename(VALID_PATH), '120000');

    expect(input.packets.map((p) => p.findings.map((f) => `${p.path} ${f.code}`)).flat()).toEqual([
      `${LINK} FILE_SYMLINK`,
    ]);
    expect(verdict.passed).toBe(false);
    expect(api?.violations).toEqual([]);
  });

  it('reports a submodule under packets/', async () => {
    const { input, verdict } = await gate(SUBMODULE, '1'.repeat(40), '160000');

    expect(input.packets.map((p) => p.findings.map((f) => `${p.path} ${f.code}`)).flat()).toEqual([
      `${SUBMODULE} FILE_SUBMODULE`,
    ]);
    expect(verdict.passed).toBe(false);
    expect(api?.violations).toEqual([]);
  });
});
