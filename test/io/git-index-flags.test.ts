import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexMarksUnwatched, scanEntries } from '../../scripts/io/git-index-flags.js';
import { tempDir } from '../support/temp-dir.js';

/** A real repository with a few committed files, one of them with a name of 120 characters. */
function repository(): { root: string; git: (...args: string[]) => string } {
  const long = `packets/team/${'x'.repeat(100)}.yaml`;
  const root = tempDir({
    'packets/team/a.yaml': 'a: 1\n',
    'packets/team/b.yaml': 'b: 1\n',
    [long]: 'c: 1\n',
    'README.md': 'hello\n',
  });
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'files');
  return { root, git };
}

describe("reading git's index for files git does not compare with the disk", () => {
  it.each(['2', '3', '4'])('finds none in a plain index of version %s', (version) => {
    const { root, git } = repository();
    git('update-index', '--index-version', version);

    expect(indexMarksUnwatched(root)).toBe(false);
  });

  const marks: [string, string[]][] = [
    ['assume-unchanged', ['update-index', '--assume-unchanged', 'packets/team/b.yaml']],
    ['skip-worktree', ['update-index', '--skip-worktree', 'packets/team/b.yaml']],
    ['intent-to-add', ['add', '-N', 'packets/team/new.yaml']],
    ['assume-unchanged outside packets/', ['update-index', '--assume-unchanged', 'README.md']],
  ];
  it.each(['2', '3', '4'])('finds each kind of mark in an index of version %s', (version) => {
    for (const [, command] of marks) {
      const { root, git } = repository();
      if (command[1] === '-N') writeFileSync(path.join(root, 'packets/team/new.yaml'), 'n: 1\n');
      git(...command);
      git('update-index', '--index-version', version);

      expect(indexMarksUnwatched(root), command.join(' ')).toBe(true);
    }
  });

  it('finds a merge conflict', () => {
    const { root, git } = repository();
    const commit = ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qam'];
    git('checkout', '-qb', 'side');
    writeFileSync(path.join(root, 'packets/team/a.yaml'), 'a: side\n');
    git(...commit, 'side');
    git('checkout', '-q', '-');
    writeFileSync(path.join(root, 'packets/team/a.yaml'), 'a: main\n');
    git(...commit, 'main');
    expect(() => git('merge', '-q', 'side')).toThrow();

    expect(indexMarksUnwatched(root)).toBe(true);
  });

  it('gives no answer for a split index, whose entries may live in another file', () => {
    const { root, git } = repository();
    git('update-index', '--split-index');

    expect(indexMarksUnwatched(root)).toBeUndefined();
  });

  it('gives no answer for a damaged or foreign index, or none at all', () => {
    const { root } = repository();
    const bytes = readFileSync(path.join(root, '.git/index'));

    expect(scanEntries(bytes.subarray(0, 40))).toBeUndefined();
    expect(scanEntries(Buffer.from('not an index at all'))).toBeUndefined();
    expect(indexMarksUnwatched(tempDir({ 'packets/a.yaml': 'a: 1\n' }))).toBeUndefined();
  });
});
