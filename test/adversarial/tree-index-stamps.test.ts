/**
 * Work-tree states where a run that finds untracked packets from the folder stamps of its tree
 * index could part from a full run: each case leaves an index with settled stamps, changes the
 * work tree (or the cache file), and holds the warm run's report and exit code equal to
 * `--no-cache`'s. Real git repositories, real CLI runs.
 */
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { editCacheSection } from '../support/cache-file.js';
import { committedExamples } from '../support/packet-corpus.js';
import { tempDir } from '../support/temp-dir.js';
import { tracedValidate } from '../support/traced-validate.js';

const SEARCH = 'packets/search/EXC-2026-12-04-SEARCH.yaml';
const ML = 'packets/ml-platform/EXC-2026-12-02-ML-PLATFORM.yaml';

/** The shipped examples committed in a fresh repository, after `prepare` has run on it. */
function examplesRepo(prepare?: (root: string) => void) {
  const repo = committedExamples(prepare);
  return { ...repo, cache: path.join(repo.root, '.git', 'packet-cache') };
}

/** Folders changed within two seconds of a listing are read every time; these must not be. */
function letFoldersSettle() {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2100);
}

function validate(root: string, cache: string, args: string[] = []) {
  const run = tracedValidate(root, cache, args);
  return { outcome: { code: run.code, stdout: run.stdout }, via: run.via };
}

/** The warm run (from whatever the cache holds) against a run that reuses nothing. */
function expectSameAsFull(root: string, cache: string) {
  const warm = validate(root, cache);
  const full = validate(root, cache, ['--no-cache']);
  expect(warm.outcome).toEqual(full.outcome);
  return warm;
}

describe('untracked packets found from settled folder stamps', () => {
  it('keeps an untracked packet whose name is not UTF-8 (it reads back under another name)', () => {
    // 0xff is no UTF-8: the listing names the file with U+FFFD, under which lstat finds nothing.
    const { root, cache } = examplesRepo((at) => {
      const name = Buffer.concat([Buffer.from(`${at}/packets/search/bad`), Buffer.from([0xff])]);
      copyFileSync(path.join(at, SEARCH), Buffer.concat([name, Buffer.from('.yaml')]));
    });
    letFoldersSettle();
    validate(root, cache);

    const warm = expectSameAsFull(root, cache);
    expect(warm.outcome.stdout).toContain('packets/search/bad\uFFFD.yaml');
  });

  it('lists two new untracked packets whose names are not UTF-8 as a full run does', () => {
    const { root, cache } = examplesRepo();
    letFoldersSettle();
    validate(root, cache);
    for (const byte of [0xfe, 0xff]) {
      const name = Buffer.concat([Buffer.from(`${root}/packets/search/new`), Buffer.from([byte])]);
      copyFileSync(path.join(root, SEARCH), Buffer.concat([name, Buffer.from('.yaml')]));
    }

    const warm = expectSameAsFull(root, cache);
    expect(warm.outcome.stdout).toContain('packets/search/new\uFFFD.yaml');
  });
});

describe('a cache file whose folder stamps were edited', () => {
  const cases: [string, (root: string) => string][] = [
    [
      'a folder reached through a link that leads out of packets/',
      (root) => {
        const away = tempDir();
        mkdirSync(path.join(away, 'sub'));
        copyFileSync(path.join(root, ML), path.join(away, 'sub/EXC-AWAY.yaml'));
        symlinkSync(away, path.join(root, 'packets/search/link'));
        return 'packets/search/link/sub';
      },
    ],
    [
      'a folder named .git, which no listing walks into',
      (root) => {
        mkdirSync(path.join(root, 'packets/search/.git'));
        copyFileSync(path.join(root, ML), path.join(root, 'packets/search/.git/EXC-GIT.yaml'));
        return 'packets/search/.git';
      },
    ],
  ];
  it.each(cases)('never reads %s', (_name, setUp) => {
    const { root, cache } = examplesRepo();
    const folder = setUp(root);
    letFoldersSettle();
    validate(root, cache);
    addFolderEntry(path.join(cache, 'validate.json'), folder);

    const warm = expectSameAsFull(root, cache);
    expect(warm.outcome.stdout).not.toContain(folder);
  });
});

describe('a cache file whose packets outside the tree were edited', () => {
  it.each([[[999]], [['packets/search/x.yaml']], [[-1]]])(
    'falls back to a full run, not a crash, for positions %j',
    (outside) => {
      const { root, cache } = examplesRepo();
      validate(root, cache);
      editCacheSection(path.join(cache, 'validate.json'), 'index', (index) => {
        index.outside = outside;
      });

      const warm = expectSameAsFull(root, cache);
      expect(warm.outcome.code).toBe(0);
    },
  );
});

describe('git told not to trust change times (core.trustctime false)', () => {
  /** Edits the packet's figure in place, same size, and sets its modification time back. */
  const editInPlace = (root: string) => {
    const file = path.join(root, ML);
    const before = statSync(file, { bigint: true });
    const text = readFileSync(file, 'utf8');
    expect(text).toContain("'262.35'");
    const fd = openSync(file, 'r+');
    writeSync(fd, text.replace("'262.35'", "'262.36'"), 0);
    closeSync(fd);
    const ns = String(before.mtimeNs % 1_000_000_000n).padStart(9, '0');
    const at = `@${before.mtimeNs / 1_000_000_000n}.${ns}`;
    execFileSync('touch', ['-m', '-d', at, file]);
  };
  /** The repository, its git index written well after the files (so no entry is racy). */
  const repo = () => {
    const made = examplesRepo();
    made.git('config', 'core.trustctime', 'false');
    letFoldersSettle();
    made.git('update-index', '-q', '--really-refresh');
    return made;
  };

  it('sees a packet edited in place with its modification time set back, from the index', () => {
    const { root, cache } = repo();
    validate(root, cache);
    editInPlace(root);

    const warm = expectSameAsFull(root, cache);
    expect(warm.outcome.stdout).toContain('OVERAGE_MISMATCH');
  });

  it('sees the same edit from the cache of files (a run over named folders)', () => {
    const { root, cache } = repo();
    validate(root, cache, ['packets']);
    editInPlace(root);

    const warm = validate(root, cache, ['packets']);
    expect(warm.outcome).toEqual(validate(root, cache, ['packets', '--no-cache']).outcome);
    expect(warm.outcome.stdout).toContain('OVERAGE_MISMATCH');
  });
});

/** Adds a folder to the index section's stamps (see editIndex). */
function addFolderEntry(file: string, folder: string) {
  editCacheSection(file, 'index', (index) => {
    (index.folders as [string, string][]).push([folder, '']);
  });
}
