/**
 * Work-tree states where a run planned from the tree index could part from a full run: each case
 * leaves an index in one state, moves the work tree to another, and holds the warm run's report
 * and exit code equal to `--no-cache`'s. Real git repositories, real CLI runs.
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { editCacheSection } from '../support/cache-file.js';
import { committedExamples } from '../support/packet-corpus.js';
import { tempDir } from '../support/temp-dir.js';
import { tracedValidate } from '../support/traced-validate.js';

const SEARCH = 'packets/search/EXC-2026-12-04-SEARCH.yaml';
const POLICY = '.github/packet-policy.yml';

/** The shipped examples, committed in a fresh repository. */
function examplesRepo() {
  const repo = committedExamples();
  return { ...repo, cache: path.join(repo.root, '.git', 'packet-cache') };
}

function validate(root: string, cache: string, args: string[] = []) {
  const run = tracedValidate(root, cache, args);
  return { outcome: { code: run.code, stdout: run.stdout }, via: run.via, stderr: run.stderr };
}

/** The warm run (from whatever the cache holds) against a run that reuses nothing. */
function expectSameAsFull(root: string, cache: string) {
  const warm = validate(root, cache);
  const full = validate(root, cache, ['--no-cache']);
  expect(warm.outcome).toEqual(full.outcome);
  return warm;
}

describe('a run from the tree index reports what a full run reports', () => {
  it('over files git could never commit: a FIFO, a packet inside a folder named .git', () => {
    const { root, cache } = examplesRepo();
    validate(root, cache);

    execFileSync('mkfifo', [path.join(root, 'packets/search/p.yaml')]);
    mkdirSync(path.join(root, 'packets/search/sub/.git'), { recursive: true });
    copyFileSync(path.join(root, SEARCH), path.join(root, 'packets/search/sub/.git/dup.yaml'));

    const warm = expectSameAsFull(root, cache);
    expect(warm.via).toBe('the tree index');
    expect(warm.outcome.stdout).toContain('"packets": 3');
  });

  it('keeps a packet whose removal was staged when the index was written, once git tracks it again', () => {
    const { root, git, cache } = examplesRepo();
    git('rm', '-q', '--cached', SEARCH);
    validate(root, cache);

    git('reset', '-q');

    const warm = expectSameAsFull(root, cache);
    expect(warm.outcome.stdout).toContain(SEARCH);
  });

  it('reads the policy again when it is replaced by a link to the very same bytes', () => {
    const { root, cache } = examplesRepo();
    validate(root, cache);
    const elsewhere = path.join(tempDir(), 'policy.yml');
    copyFileSync(path.join(root, POLICY), elsewhere);
    rmSync(path.join(root, POLICY));
    symlinkSync(elsewhere, path.join(root, POLICY));

    const warm = expectSameAsFull(root, cache);
    expect(warm.outcome.stdout).toContain('POLICY_MISSING');
  });

  it('lists a packet whose name differs from a tracked one only in case, with core.ignorecase', () => {
    const { root, git, cache } = examplesRepo();
    git('config', 'core.ignorecase', 'true');
    validate(root, cache);
    const twin = 'packets/search/exc-2026-12-04-search.yaml';
    copyFileSync(path.join(root, SEARCH), path.join(root, twin));

    const warm = expectSameAsFull(root, cache);
    expect(warm.outcome.stdout).toContain(twin);
  });

  it('lists a tracked packet renamed in case only, with core.ignorecase', () => {
    const { root, git, cache } = examplesRepo();
    git('config', 'core.ignorecase', 'true');
    validate(root, cache);
    renameSync(path.join(root, SEARCH), path.join(root, SEARCH.toLowerCase()));

    expectSameAsFull(root, cache);
  });
});

describe('a run given a root that cannot hold packets', () => {
  it('fails as a run without the cache does, not with a crash, when a tree index exists', () => {
    const { root, cache } = examplesRepo();
    validate(root, cache);
    const file = path.join(tempDir(), 'not-a-folder');
    writeFileSync(file, 'x');

    const warm = validate(root, cache, ['--root', file]);
    const full = validate(root, cache, ['--root', file, '--no-cache']);

    expect(warm.outcome).toEqual(full.outcome);
    expect(warm.outcome.code).toBe(2);
    expect(warm.stderr).toMatch(/^packet: /);
    expect(warm.stderr).not.toContain('    at ');
  });
});

describe('a tree index whose tree is not an object id', () => {
  it('is not trusted, so nothing it holds reaches git as an option', () => {
    const { root, cache } = examplesRepo();
    validate(root, cache);
    const victim = path.join(tempDir(), 'victim.txt');
    writeFileSync(victim, 'kept');
    rewriteIndexTree(path.join(cache, 'validate.json'), `--output=${victim}`);

    const warm = expectSameAsFull(root, cache);

    expect(warm.via).not.toBe('the tree index');
    expect(readFileSync(victim, 'utf8')).toBe('kept');
  });
});

/** Sets the index section's tree, with the offsets and digests a sound file has. */
function rewriteIndexTree(file: string, tree: string) {
  editCacheSection(file, 'index', (index) => {
    index.tree = tree;
  });
}
