/**
 * Objects read straight from a repository's files must be exactly what `git cat-file --batch`
 * gives for the same names, in real repositories: loose objects, packs with deltas, packed refs,
 * tags, linked worktrees. Layouts the reader does not know are left to git, never guessed.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ObjectStore, type GitObject } from '../../scripts/io/git-at-ref.js';
import { objectFilesAt, readingFilesFirst } from '../../scripts/io/git-object-files.js';
import { tempDir } from '../support/temp-dir.js';

const IDENTITY = ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid'];

function gitIn(root: string) {
  return (...args: string[]) =>
    execFileSync('git', [...IDENTITY, ...args], { cwd: root, encoding: 'utf8' }).trim();
}

/** A repository with folders, many versions of one file (so that packs hold deltas), a tag. */
function repository() {
  const root = tempDir();
  const git = gitIn(root);
  git('init', '-q', '-b', 'main');
  mkdirSync(path.join(root, 'packets/search'), { recursive: true });
  for (let version = 0; version < 12; version += 1) {
    const lines = Array.from({ length: 200 }, (_, line) => `line ${line}: ${line % 7}`);
    lines.splice(version * 10, 0, `version: ${version}`);
    writeFileSync(path.join(root, 'packets/search/a.yaml'), `${lines.join('\n')}\n`);
    writeFileSync(path.join(root, `packets/search/v${version}.yaml`), `version: ${version}\n`);
    git('add', '-A');
    git('commit', '-qm', `version ${version}`);
  }
  git('tag', '-a', 'v1', '-m', 'a tag');
  return { root, git };
}

function namesFor(git: (...args: string[]) => string): string[] {
  const tree = git('rev-parse', 'HEAD^{tree}');
  const tag = git('rev-parse', 'v1');
  const blob = git('rev-parse', 'HEAD:packets/search/a.yaml');
  return [
    'HEAD^{commit}',
    'HEAD^{tree}',
    'HEAD:packets',
    'HEAD:packets/search/a.yaml',
    'HEAD:packets/search/v3.yaml',
    'HEAD:packets/none.yaml',
    'HEAD:packets/search/a.yaml/deeper',
    `${tree}:packets/search`,
    `${tag}^{commit}`,
    `${tag}^{tree}`,
    `${tag}:packets/search/v0.yaml`,
    blob,
    git('rev-parse', 'HEAD~5:packets/search/a.yaml'),
  ];
}

function packIndexes(root: string): string[] {
  const folder = path.join(root, '.git/objects/pack');
  return readdirSync(folder)
    .filter((name) => name.endsWith('.idx'))
    .map((name) => path.join(folder, name));
}

async function fromGit(root: string, names: string[]): Promise<Map<string, GitObject>> {
  const store = new ObjectStore(root);
  try {
    return await store.read(names);
  } finally {
    store.close();
  }
}

describe('objects read from the files', () => {
  it.each([
    ['loose objects', () => undefined],
    [
      'packs with deltas and packed refs',
      (git: (...a: string[]) => string) => git('gc', '-q', '--aggressive'),
    ],
    [
      'packs whose deltas name their base by id',
      (git: (...a: string[]) => string) => {
        git('-c', 'repack.useDeltaBaseOffset=false', 'repack', '-q', '-a', '-d', '-f');
        git('pack-refs', '--all');
      },
    ],
    [
      'packs and newer loose objects',
      (git: (...a: string[]) => string, root: string) => {
        git('gc', '-q');
        appendFileSync(path.join(root, 'packets/search/a.yaml'), 'one more line\n');
        git('commit', '-qam', 'after the pack');
      },
    ],
    [
      'a detached HEAD',
      (git: (...a: string[]) => string) => git('checkout', '-q', '--detach', 'HEAD~2'),
    ],
  ])('are what git gives, from %s', async (_, prepare) => {
    const { root, git } = repository();
    prepare(git, root);
    const names = namesFor(git);

    const read = objectFilesAt(root);
    const files = read?.(names);

    expect(files).toBeDefined();
    expect(files).toEqual(await fromGit(root, names));
    expect(files!.size).toBe(names.length - 2);
    if (readdirSync(path.join(root, '.git/objects/pack')).length > 0) {
      // Some of the objects read were stored as deltas, which only this comparison proves right.
      const deltas = git('verify-pack', '-v', ...packIndexes(root))
        .split('\n')
        .filter((line) => line.trim().split(/\s+/).length === 7)
        .map((line) => line.split(' ')[0]!);
      expect([...files!.values()].some((object) => deltas.includes(object.id))).toBe(true);
    }
  });

  it('are what git gives in a linked worktree', async () => {
    const { git } = repository();
    git('gc', '-q');
    const worktree = path.join(tempDir(), 'worktree');
    git('worktree', 'add', '-q', '-b', 'other', worktree, 'HEAD~3');
    const names = namesFor(gitIn(worktree));

    const files = objectFilesAt(worktree)?.(names);

    expect(files).toBeDefined();
    expect(files).toEqual(await fromGit(worktree, names));
  });

  it.each([
    [
      'borrows objects (a shared clone)',
      (root: string) => {
        const clone = path.join(tempDir(), 'clone');
        execFileSync('git', ['clone', '-q', '--shared', root, clone]);
        return clone;
      },
    ],
    [
      'replaces objects',
      (root: string) => {
        const git = gitIn(root);
        git(
          'replace',
          git('rev-parse', 'HEAD:packets/search/v1.yaml'),
          git('rev-parse', 'HEAD:packets/search/v2.yaml'),
        );
        return root;
      },
    ],
  ])('leave a repository that %s to git, which answers', async (_, make) => {
    const { root } = repository();
    const where = make(root);
    const names = namesFor(gitIn(where));

    const viaGit = await fromGit(where, names);
    const read = readingFilesFirst(objectFilesAt(where), (asked) => fromGit(where, [...asked]));

    expect(objectFilesAt(where)).toBeUndefined();
    expect(await read(names)).toEqual(viaGit);
  });

  it('leave a revision other than HEAD or an object id to git', () => {
    const { root } = repository();

    const read = objectFilesAt(root)!;

    expect(read(['main:packets'])).toBeUndefined();
    expect(read(['HEAD~1:packets'])).toBeUndefined();
    expect(read(['HEAD:packets'])?.size).toBe(1);
  });

  it('never give the bytes of a damaged object: git is asked', () => {
    const { root, git } = repository();
    const blob = git('rev-parse', 'HEAD:packets/search/v3.yaml');
    const file = path.join(root, '.git/objects', blob.slice(0, 2), blob.slice(2));
    const other = git('rev-parse', 'HEAD:packets/search/v4.yaml');
    const otherFile = path.join(root, '.git/objects', other.slice(0, 2), other.slice(2));
    // Another object's well-formed bytes under this id: only the id check can tell.
    execFileSync('chmod', ['u+w', file]);
    writeFileSync(file, execFileSync('cat', [otherFile]));

    expect(objectFilesAt(root)!([blob])).toBeUndefined();
    expect(objectFilesAt(root)!([other])?.get(other)?.bytes.toString()).toBe('version: 4\n');
  });

  it.each([
    ['a blob mode on a folder', (_blob: string, tree: string) => [['100644', 'packets', tree]]],
    [
      'a submodule mode on a folder',
      (_blob: string, tree: string) => [['160000', 'packets', tree]],
    ],
    [
      'entries out of order',
      (blob: string) => [
        ['100644', 'b', blob],
        ['100644', 'a', blob],
      ],
    ],
    ['a name holding a slash', (blob: string) => [['100644', 'packets/x.yaml', blob]]],
    [
      'a file and a folder of one name',
      (blob: string, tree: string) => [
        ['100644', 'packets', blob],
        ['40000', 'packets', tree],
      ],
    ],
  ])("give git's answer for a tree git would not write: %s", async (_, entries) => {
    const root = tempDir();
    const git = gitIn(root);
    git('init', '-q');
    const blob = hashObject(root, ['-w', '--stdin'], 'hello\n');
    const inner = makeTree(root, [['100644', 'x.yaml', blob]]);
    const tree = makeTree(root, entries(blob, inner));
    const names = [`${tree}:packets/x.yaml`, `${tree}:a`, `${tree}:packets`];

    const read = readingFilesFirst(objectFilesAt(root), (asked) => fromGit(root, [...asked]));

    expect(await read(names)).toEqual(await fromGit(root, names));
  });
});

function hashObject(root: string, args: string[], input: string | Buffer): string {
  return execFileSync('git', ['hash-object', ...args], { cwd: root, input })
    .toString()
    .trim();
}

/** A tree object written as given, in the given order, which git itself would not always do. */
function makeTree(root: string, entries: string[][]): string {
  const bytes = Buffer.concat(
    entries.map(([mode, name, id]) =>
      Buffer.concat([Buffer.from(`${mode} ${name}\0`), Buffer.from(id!, 'hex')]),
    ),
  );
  return hashObject(root, ['-t', 'tree', '--literally', '-w', '--stdin'], bytes);
}
