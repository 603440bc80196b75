/**
 * diffListings finds what differs between two commits' packets/ folders by reading only the
 * folders whose ids differ: it must report what `git diff-tree -r` reports, for edits that keep a
 * folder's names and for those that add or remove entries. (A file that becomes a folder is one
 * type change here, where git reports a deletion and an addition.)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffListings, listingOf, ObjectStore } from '../../scripts/io/git-at-ref.js';
import { tempDir } from '../support/temp-dir.js';

function repository() {
  const root = tempDir();
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: 'pipe' });
  git('init', '-q');
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  const commit = () => {
    git('add', '-A');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'c');
    return git('rev-parse', 'HEAD').trim();
  };
  return { root, git, write, commit };
}

/** What git says differs under packets/, as diffListings words it. */
function gitSays(git: (...args: string[]) => string, from: string, to: string) {
  const raw = git('diff-tree', '-r', '-z', '--no-renames', from, to, '--', 'packets');
  const fields = raw.split('\0').filter((field) => field !== '');
  const differences = [];
  for (let at = 0; at < fields.length; at += 2) {
    const [fromMode, toMode, , toId, status] = fields[at]!.slice(1).split(' ');
    differences.push({ path: fields[at + 1], status, from: fromMode, to: toMode, id: toId });
  }
  return differences;
}

async function listingsSay(root: string, from: string, to: string) {
  const store = new ObjectStore(root);
  try {
    const read = (names: readonly string[]) => store.read(names);
    const trees = await read([`${from}:packets`, `${to}:packets`]);
    return await diffListings(
      read,
      'packets',
      listingOf(trees.get(`${from}:packets`)),
      listingOf(trees.get(`${to}:packets`)),
    );
  } finally {
    store.close();
  }
}

describe('the differences between two listings of packets/', () => {
  it('are what git diff-tree reports, whether the names stay or change', async () => {
    const { root, git, write, commit } = repository();
    for (const team of ['a', 'b', 'c']) {
      for (const n of [1, 2, 3]) write(`packets/${team}/EXC-${n}.yaml`, `${team} ${n}\n`);
    }
    write('packets/c/evidence/x.csv', 'x\n');
    const base = commit();

    // Same names everywhere: edits only.
    write('packets/a/EXC-2.yaml', 'edited\n');
    write('packets/c/evidence/x.csv', 'y\n');
    const edits = commit();
    // Names that come and go, a new folder, a link.
    rmSync(path.join(root, 'packets/b/EXC-1.yaml'));
    write('packets/b/EXC-9.yaml', 'new\n');
    write('packets/d/EXC-1.yaml', 'new team\n');
    rmSync(path.join(root, 'packets/c/EXC-3.yaml'));
    symlinkSync('EXC-1.yaml', path.join(root, 'packets/a/EXC-7.yaml'));
    const moves = commit();

    for (const [from, to] of [
      [base, edits],
      [edits, moves],
      [base, moves],
      [moves, base],
    ] as const) {
      const said = await listingsSay(root, from, to);
      expect(said.length).toBeGreaterThan(1);
      expect(said).toEqual(gitSays(git, from, to));
    }
  });
});
