/**
 * The build's last step trains the code cache in a temporary repository (see
 * scripts/dev/train-code-cache.ts). The build may run inside a git hook (the pre-commit hook
 * validates staged packets), where git's variables point at the user's repository: the training
 * must leave that repository exactly as it was, and still make the cache.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/paths.js';
import { tempDir } from '../support/temp-dir.js';

const TRAIN_IN_DIST = 'dist/scripts/dev/train-code-cache.js';
const TRAIN = path.join(REPO_ROOT, TRAIN_IN_DIST);

/** A repository with one commit and one staged change, as during a commit's hook. */
function userRepository() {
  const root = tempDir({ 'notes.txt': 'first\n' });
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=u', '-c', 'user.email=u@example.invalid', ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, GIT_DIR: undefined, GIT_INDEX_FILE: undefined },
    });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'first');
  writeFileSync(path.join(root, 'notes.txt'), 'second\n');
  git('add', 'notes.txt');
  const state = () => ({
    head: git('rev-parse', 'HEAD'),
    index: readFileSync(path.join(root, '.git/index')).toString('base64'),
    refs: git('for-each-ref'),
    log: git('log', '--format=%H %s'),
  });
  return { root, state };
}

describe("the code cache's training run", () => {
  it.each([
    ['GIT_INDEX_FILE', (root: string) => ({ GIT_INDEX_FILE: path.join(root, '.git/index') })],
    [
      'GIT_DIR, GIT_WORK_TREE and GIT_INDEX_FILE',
      (root: string) => ({
        GIT_DIR: path.join(root, '.git'),
        GIT_WORK_TREE: root,
        GIT_INDEX_FILE: path.join(root, '.git/index'),
      }),
    ],
  ])("leaves the user's repository as it was under %s, and makes the cache", (_, variables) => {
    const { root, state } = userRepository();
    const before = state();

    const run = spawnSync(process.execPath, [TRAIN], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ...variables(root) },
    });

    expect(run.stderr).toContain('build: code cache written');
    expect(run.status).toBe(0);
    expect(state()).toEqual(before);
  });

  it('makes the cache while a draft with errors sits among the packets', () => {
    const install = tempDir();
    for (const part of ['dist', 'package.json', 'packets', 'schemas', '.github', 'CODEOWNERS']) {
      cpSync(path.join(REPO_ROOT, part), path.join(install, part), { recursive: true });
    }
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(install, 'node_modules'));
    // A packet being written: not YAML yet, as the filing guide's loop leaves one.
    writeFileSync(path.join(install, 'packets/ml-platform/EXC-DRAFT.yaml'), 'status: [draft\n');

    const run = spawnSync(process.execPath, [path.join(install, TRAIN_IN_DIST)], {
      cwd: install,
      encoding: 'utf8',
    });
    const traced = spawnSync(
      process.execPath,
      [path.join(install, 'dist/scripts/cli/packet.cjs'), 'validate'],
      { cwd: install, encoding: 'utf8', env: { ...process.env, PACKET_TRACE: '1' } },
    );

    expect(run.stderr).toContain('build: code cache written');
    expect(traced.status).toBe(1);
    expect(traced.stdout).toContain('EXC-DRAFT.yaml');
    expect(traced.stderr).toContain('packet: code cache used');
  });
});
