/**
 * `packet validate --ref REV` against inputs found to break it: each case compares the run with
 * what `packet validate --no-cache` reports on a fresh clone with REV checked out.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanCheckoutOf, committedExamples } from '../support/packet-corpus.js';
import { tempDir } from '../support/temp-dir.js';
import { tracedValidate } from '../support/traced-validate.js';

const SEARCH = 'packets/search/EXC-2026-12-04-SEARCH.yaml';
const EXPORT = 'packets/search/evidence/anthropic-cost-report-2026-11.json';

function commit(git: (...args: string[]) => string, message: string) {
  git('add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', message);
}

function validate(root: string, cache: string, args: string[]) {
  const run = tracedValidate(root, cache, args);
  return { code: run.code, stdout: run.stdout };
}

/** What `packet validate --no-cache` reports on a fresh clone with `rev` of `root` checked out. */
function onCleanCheckout(root: string, rev: string) {
  return validate(cleanCheckoutOf(root, rev), tempDir(), ['--no-cache']);
}

const ML = 'packets/ml-platform/EXC-2026-12-02-ML-PLATFORM.yaml';
const ML_EVIDENCE = 'packets/ml-platform/evidence';
const ML_EXPORT = `${ML_EVIDENCE}/focus-2026-11.csv`;

/** A folder under ml-platform's evidence whose name is the bytes given, holding one file. */
function oddFolder(root: string, bytes: number[]) {
  const folder = Buffer.concat([Buffer.from(`${root}/${ML_EVIDENCE}/`), Buffer.of(...bytes)]);
  mkdirSync(folder);
  writeFileSync(Buffer.concat([folder, Buffer.from('/readme.txt')]), 'beside the export\n');
}

/** Moves ml-platform's export into the folder named U+FFFD and has the packet cite it there. */
function exportUnderReplacementCharacter(root: string): string {
  const moved = `${ML_EVIDENCE}/\uFFFD/focus-2026-11.csv`;
  mkdirSync(path.join(root, ML_EVIDENCE, '\uFFFD'));
  renameSync(path.join(root, ML_EXPORT), path.join(root, moved));
  edit(root, ML, ML_EXPORT, moved);
  return moved;
}

/**
 * A clone of `root` whose whole run leaves the tree index, then a branch `pr` there with one
 * commit made by `change`: the index is made on a checkout, as a run's disk is.
 */
function pullRequestInClone(root: string, change: (clone: string) => void, message: string) {
  const clone = path.join(tempDir(), 'clone');
  execFileSync('git', ['clone', '-q', root, clone], { stdio: 'pipe' });
  const inClone = (...args: string[]) =>
    execFileSync('git', args, { cwd: clone, encoding: 'utf8', stdio: 'pipe' });
  const cache = tempDir();
  validate(clone, cache, []);
  inClone('checkout', '-q', '-b', 'pr');
  change(clone);
  commit(inClone, message);
  inClone('checkout', '-q', '-');
  return { clone, cache };
}

function edit(root: string, file: string, from: string, to: string) {
  const text = readFileSync(path.join(root, file), 'utf8');
  expect(text).toContain(from);
  writeFileSync(path.join(root, file), text.replace(from, to));
}

describe('packet validate --ref, red team', () => {
  it('does not open an export named with U+FFFD by a file whose name is not UTF-8', () => {
    const { root, git } = committedExamples();
    // Beside the export, a copy whose name is the single byte 0xFF: git reads it back as U+FFFD.
    const odd = Buffer.concat([Buffer.from(`${root}/packets/search/evidence/`), Buffer.of(0xff)]);
    copyFileSync(path.join(root, EXPORT), Buffer.concat([odd, Buffer.from('.json')]));
    commit(git, 'a copy of the export, named in bytes that are not UTF-8');
    const cache = tempDir();
    validate(root, cache, []);
    git('checkout', '-q', '-b', 'pr');
    edit(root, SEARCH, EXPORT, 'packets/search/evidence/\uFFFD.json');
    commit(git, 'cite the export by a name with U+FFFD');
    git('checkout', '-q', '-');

    const expected = onCleanCheckout(root, 'pr');
    expect(expected.stdout).toContain('EVIDENCE_MISSING');
    expect(validate(root, cache, ['--ref', 'pr'])).toEqual(expected);
  });

  it('plans from the tree the index was made on, not one the cache file’s header names', () => {
    const { root, git } = committedExamples();
    const cache = tempDir();
    validate(root, cache, []);
    git('checkout', '-q', '-b', 'pr');
    edit(root, SEARCH, 'packet_status: pending_approval', 'packet_status: bogus');
    commit(git, 'a packet broken');
    git('checkout', '-q', '-');
    // The header, which no digest covers, edited to name the commit's tree.
    const [indexed, broken] = ['HEAD^{tree}', 'pr^{tree}'].map((rev) =>
      git('rev-parse', rev).trim(),
    );
    edit(cache, 'validate.json', `"tree":"${indexed}"`, `"tree":"${broken}"`);

    const expected = onCleanCheckout(root, 'pr');
    expect(expected.code).toBe(1);
    expect(validate(root, cache, ['--ref', 'pr'])).toEqual(expected);
  });

  it.each([['--skip-worktree'], ['--assume-unchanged']])(
    'does not check in place a work tree with a packet marked %s and edited',
    (flag) => {
      const { root, git } = committedExamples();
      git('update-index', flag, SEARCH);
      edit(root, SEARCH, 'packet_status: pending_approval', 'packet_status: bogus');
      expect(git('status', '--porcelain')).toBe('');

      const expected = onCleanCheckout(root, 'HEAD');
      expect(expected.code).toBe(0);
      expect(validate(root, tempDir(), ['--ref', 'HEAD'])).toEqual(expected);
    },
  );

  it('does not check in place a work tree with an empty owner folder git does not track', () => {
    const { root, git } = committedExamples();
    mkdirSync(path.join(root, 'packets/newteam'));
    expect(git('status', '--porcelain', '--untracked-files=all', '--ignored')).toBe('');

    const expected = onCleanCheckout(root, 'HEAD');
    expect(expected.code).toBe(0);
    expect(validate(root, tempDir(), ['--ref', 'HEAD'])).toEqual(expected);
  });

  it('checks a checkout when the commit adds attributes that convert line ends', () => {
    const { root, git } = committedExamples();
    const cache = tempDir();
    validate(root, cache, []);
    git('checkout', '-q', '-b', 'pr');
    writeFileSync(path.join(root, '.gitattributes'), '*.json text eol=crlf\n');
    commit(git, 'exports checked out with CRLF');
    git('checkout', '-q', '-');

    const expected = onCleanCheckout(root, 'pr');
    expect(expected.stdout).toContain('EVIDENCE_HASH_MISMATCH');
    expect(validate(root, cache, ['--ref', 'pr'])).toEqual(expected);
  });

  it('checks a checkout when a changed export sits under attributes that convert it', () => {
    const { root, git } = committedExamples();
    writeFileSync(path.join(root, 'packets/search/.gitattributes'), '*.json text eol=crlf\n');
    commit(git, 'exports checked out with CRLF');
    const { clone, cache } = pullRequestInClone(
      root,
      (at) =>
        writeFileSync(path.join(at, EXPORT), `${readFileSync(path.join(at, EXPORT), 'utf8')} `),
      'an export edited',
    );

    const expected = onCleanCheckout(clone, 'pr');
    expect(expected.stdout).toContain('EVIDENCE_HASH_MISMATCH');
    expect(validate(clone, cache, ['--ref', 'pr'])).toEqual(expected);
  });

  it('finds the attributes of a folder named U+FFFD beside one whose name is not UTF-8', () => {
    const { root, git } = committedExamples();
    // 0x80 reads back as U+FFFD too, and sorts before the real one.
    oddFolder(root, [0x80]);
    const moved = `${ML_EVIDENCE}/\uFFFD/focus-2026-11.csv`;
    mkdirSync(path.join(root, ML_EVIDENCE, '\uFFFD'));
    writeFileSync(path.join(root, ML_EVIDENCE, '\uFFFD/.gitattributes'), '* text eol=crlf\n');
    renameSync(path.join(root, ML_EXPORT), path.join(root, moved));
    commit(git, 'the export moves under attributes that convert it');
    // Only the packet changes: nothing under the folder with the odd names.
    const { clone, cache } = pullRequestInClone(
      root,
      (at) => edit(at, ML, ML_EXPORT, moved),
      'the packet cites the export where it is',
    );

    const expected = onCleanCheckout(clone, 'pr');
    expect(expected.stdout).toContain('EVIDENCE_HASH_MISMATCH');
    expect(validate(clone, cache, ['--ref', 'pr'])).toEqual(expected);
  });

  it('sees an edit in a folder named U+FFFD beside one whose name is not UTF-8', () => {
    const { root, git } = committedExamples();
    oddFolder(root, [0xff]);
    const moved = exportUnderReplacementCharacter(root);
    commit(git, 'the export in a folder named U+FFFD');
    const cache = tempDir();
    validate(root, cache, []);
    git('checkout', '-q', '-b', 'pr');
    writeFileSync(path.join(root, moved), `${readFileSync(path.join(root, moved), 'utf8')}1,000\n`);
    // A new name in the folder, so its listings no longer pair up in order.
    writeFileSync(path.join(root, ML_EVIDENCE, 'new.txt'), 'new\n');
    commit(git, 'the export edited, a file added');
    git('checkout', '-q', '-');

    const expected = onCleanCheckout(root, 'pr');
    expect(expected.stdout).toContain('EVIDENCE_HASH_MISMATCH');
    expect(validate(root, cache, ['--ref', 'pr'])).toEqual(expected);
  });
});
