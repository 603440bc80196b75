/**
 * `packet validate --ref REV` on real git repositories: what it reports for a commit must be what
 * `packet validate --no-cache` reports on a clean checkout of that commit, whether the run came
 * from the tree index, from the work tree in place or from a temporary checkout, and it must leave
 * the work tree, HEAD and the list of worktrees as they were.
 */
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  copyFileSync,
  cpSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ObjectStore } from '../../scripts/io/git-at-ref.js';
import { cleanCheckoutOf, corpus } from '../support/packet-corpus.js';
import { tempDir } from '../support/temp-dir.js';
import { tracedValidate } from '../support/traced-validate.js';

const ML = 'packets/ml-platform/EXC-2026-12-02-ML-PLATFORM.yaml';
const SEARCH = 'packets/search/EXC-2026-12-04-SEARCH.yaml';
const SUPPORT = 'packets/support-bots/EXC-2026-12-03-SUPPORT-BOTS.yaml';
const TEAM = 'packets/team-0000';
const COPY = `${TEAM}/EXC-2030-01-03-COPY.yaml`;
const UNTRACKED = `${TEAM}/EXC-2031-01-03-UNTRACKED.yaml`;
const MODES: string[][] = [[], ['--skip-exports']];

type Git = (...args: string[]) => string;
type Finding = { code: string; file: string; message: string };
type Report = { summary?: { packets: number }; findings?: Finding[]; files?: unknown[] };

/** A run of the built CLI: its outcome (exit code and JSON report) and what its trace says. */
function validate(root: string, cache: string, args: string[], env = process.env) {
  const run = tracedValidate(root, cache, args, env);
  const report: Report = run.code === 2 ? {} : (JSON.parse(run.stdout) as Report);
  const trace = /^packet validate: .*$/m.exec(run.stderr)?.[0] ?? '';
  return {
    outcome: { code: run.code, ...report },
    via: run.via,
    where: /from a checkout of the commit \((in place|temporary)\)/.exec(trace)?.[1],
    checked: Number(/checked (\d+)/.exec(trace)?.[1]),
    stderr: run.stderr,
  };
}

/** What `packet validate --no-cache` reports on a fresh clone with `rev` of `root` checked out. */
function onCleanCheckout(root: string, rev: string, args: string[] = []) {
  return validate(cleanCheckoutOf(root, rev), tempDir(), ['--no-cache', ...args]).outcome;
}

function edit(root: string, file: string, from: string, to: string) {
  const text = readFileSync(path.join(root, file), 'utf8');
  expect(text).toContain(from);
  writeFileSync(path.join(root, file), text.replace(from, to));
}

function commit(git: Git, message: string) {
  git('add', '-A', 'packets', '.github', 'CODEOWNERS');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', message);
}

/** The generated packets, in path order, and the export a packet cites. */
function teamPackets(root: string): string[] {
  const names = readdirSync(path.join(root, TEAM)).filter((name) => name.endsWith('.yaml'));
  return names.sort().map((name) => `${TEAM}/${name}`);
}
function exportOf(root: string, packet: string): string {
  return /path: (\S+)/.exec(readFileSync(path.join(root, packet), 'utf8'))![1]!;
}

/**
 * Commits branch `pr` off the current commit, then goes back: a figure broken, an id taken from
 * another packet, a packet added (a copy, citing an export the commit lacks), one deleted, and
 * the export of a packet the branch does not touch edited.
 */
function pullRequest(root: string, git: Git, team: string[]) {
  git('checkout', '-q', '-b', 'pr');
  edit(root, ML, "'262.35'", "'262.36'");
  edit(root, SEARCH, 'EXC-2026-12-04-SEARCH', 'EXC-2026-12-02-ML-PLATFORM');
  copyFileSync(path.join(root, team[0]!), path.join(root, COPY));
  edit(root, COPY, exportOf(root, COPY), `${TEAM}/evidence/no such.json`);
  git('rm', '-q', SUPPORT);
  appendFileSync(path.join(root, exportOf(root, team[1]!)), ' ');
  commit(git, 'pr');
  git('checkout', '-q', '-');
}

/**
 * Uncommitted changes: packets edited (one the branch edits too), one staged, one untracked, two
 * exports edited (one the branch edits too), one packet deleted.
 */
function dirty(root: string, git: Git, team: string[], deleting: boolean) {
  edit(root, ML, 'packet_status: pending_approval', 'packet_status: bogus');
  appendFileSync(path.join(root, exportOf(root, team[1]!)), ' ');
  edit(root, team[2]!, 'packet_status: pending_approval', 'packet_status: bogus');
  edit(root, team[3]!, 'packet_status: pending_approval', 'packet_status: bogus');
  git('add', team[3]!);
  copyFileSync(path.join(root, team[4]!), path.join(root, UNTRACKED));
  appendFileSync(path.join(root, exportOf(root, team[5]!)), ' ');
  if (deleting) rmSync(path.join(root, team[6]!));
}

/** What a run must leave as it was: the work tree, the staged files, HEAD, the worktrees. */
function repositoryState(git: Git) {
  return {
    status: git('status', '--porcelain', '--untracked-files=all', '--ignored'),
    unstaged: git('diff'),
    staged: git('diff', '--cached'),
    head: `${git('symbolic-ref', '-q', 'HEAD')} ${git('rev-parse', 'HEAD')}`,
    worktrees: git('worktree', 'list', '--porcelain'),
  };
}

const paths = (outcome: Report) => JSON.stringify(outcome.files);
/** Whether the report has a finding of this code on this file (and message start). */
function found(outcome: Report, code: string, file: string, message = '') {
  return outcome.findings!.some(
    (finding) =>
      finding.code === code && finding.file === file && finding.message.startsWith(message),
  );
}

describe('packet validate --ref from the tree index', () => {
  it('reports a pull request’s commit as a clean checkout does, never the dirty work tree', () => {
    const { root, git } = corpus();
    const cache = tempDir();
    const team = teamPackets(root);
    for (const mode of MODES) validate(root, cache, mode);
    pullRequest(root, git, team);
    git('checkout', '-q', 'pr');
    dirty(root, git, team, true);

    for (const mode of MODES) {
      const run = validate(root, cache, ['--ref', 'HEAD', ...mode]);
      const expected = onCleanCheckout(root, 'pr', mode);
      expect(run.outcome, mode.join()).toEqual(expected);
      expect(run.via, mode.join()).toBe('the tree index');
      expect(run.where).toBeUndefined();
      expect(run.checked).toBeGreaterThan(0);
      expect(run.checked).toBeLessThan(expected.summary!.packets / 2);

      // The branch's changes are in the report, and the work tree's are not (a run on the disk
      // finds them).
      expect(expected.code).toBe(1);
      expect(found(expected, 'ID_DUPLICATE', ML)).toBe(true);
      expect(paths(expected)).not.toContain(SUPPORT);
      const onDisk = validate(root, tempDir(), ['--no-cache', ...mode]).outcome;
      expect(paths(onDisk)).toContain(UNTRACKED);
      expect(paths(expected)).not.toContain(UNTRACKED);
      for (const edited of [ML, team[2]!, team[3]!]) {
        expect(found(onDisk, 'SCHEMA_ENUM', edited)).toBe(true);
        expect(found(expected, 'SCHEMA_ENUM', edited)).toBe(false);
      }
    }
    const withExports = onCleanCheckout(root, 'pr');
    expect(found(withExports, 'EVIDENCE_MISSING', COPY)).toBe(true);
    expect(found(withExports, 'EVIDENCE_HASH_MISMATCH', team[1]!)).toBe(true);
  });
});

describe('packet validate --ref of another branch', () => {
  it('leaves the work tree, HEAD, the worktrees and the temp folder as they were', () => {
    const { root, git } = corpus();
    const team = teamPackets(root);
    pullRequest(root, git, team);
    dirty(root, git, team, false);
    const tmp = tempDir();
    const env = { ...process.env, TMPDIR: tmp };
    const before = repositoryState(git);
    const expected = onCleanCheckout(root, 'pr');

    // No cache: the branch is checked out in a temporary clone, then removed.
    const cache = tempDir();
    const cold = validate(root, cache, ['--ref', 'pr'], env);
    expect(cold.where).toBe('temporary');
    expect(cold.outcome).toEqual(expected);
    expect(repositoryState(git)).toEqual(before);
    expect(readdirSync(tmp)).toEqual([]);
    // The index that checkout left does not mislead a run over the work tree.
    const onDisk = validate(root, tempDir(), ['--no-cache']).outcome;
    expect(validate(root, cache, [], env).outcome).toEqual(onDisk);

    // An index left by a whole run over the dirty work tree: its results for the edited and
    // untracked packets stand for the disk, not for any commit.
    const indexed = tempDir();
    validate(root, indexed, [], env);
    for (const rev of ['pr', 'HEAD']) {
      const run = validate(root, indexed, ['--ref', rev], env);
      expect([run.via, run.where], rev).toEqual(['the tree index', undefined]);
      expect(run.outcome, rev).toEqual(onCleanCheckout(root, rev));
    }
    expect(repositoryState(git)).toEqual(before);
    expect(readdirSync(tmp)).toEqual([]);
  });
});

describe('packet validate --ref when the index cannot stand for the commit', () => {
  it('checks a commit that changes the policy, CODEOWNERS or the owner folders whole', () => {
    const { root, git } = corpus();
    const cache = tempDir();
    validate(root, cache, []);
    const head = validate(root, cache, ['--ref', 'HEAD']);
    expect([head.via, head.where]).toEqual(['the tree index', undefined]);
    const main = onCleanCheckout(root, 'HEAD');
    const trunk = git('rev-parse', '--abbrev-ref', 'HEAD').trim();

    const branch = (name: string, change: () => void) => {
      git('checkout', '-q', '-b', name);
      change();
      commit(git, name);
      git('checkout', '-q', trunk);
    };
    branch('policy', () =>
      edit(
        root,
        '.github/packet-policy.yml',
        'close_days_after_period_end: 5',
        'close_days_after_period_end: 1',
      ),
    );
    branch('owners', () => edit(root, 'CODEOWNERS', '/packets/search/ ', '/packets/search-old/ '));
    branch('folder', () =>
      cpSync(path.join(root, 'packets/search'), path.join(root, 'packets/new-team'), {
        recursive: true,
      }),
    );

    const unmapped = (folder: string) => (outcome: Report) =>
      found(outcome, 'OWNER_FOLDER_UNMAPPED', 'CODEOWNERS', `packets/${folder}/ `);
    const cases: [string, string, () => void, (outcome: Report) => boolean][] = [
      ['policy', 'temporary', () => undefined, (o) => found(o, 'FILED_AFTER_CLOSE', SEARCH)],
      ['owners', 'in place', () => git('checkout', '-q', 'owners'), unmapped('search')],
      [
        'folder',
        'temporary',
        () => {
          git('checkout', '-q', 'folder');
          edit(root, ML, "'262.35'", "'262.36'");
        },
        unmapped('new-team'),
      ],
    ];
    for (const [rev, where, setUp, shows] of cases) {
      setUp();
      const own = path.join(tempDir(), 'cache');
      cpSync(cache, own, { recursive: true });
      const run = validate(root, own, ['--ref', rev]);
      const expected = onCleanCheckout(root, rev);
      expect(run.outcome, rev).toEqual(expected);
      expect(run.where, rev).toBe(where);
      expect(run.via, rev).not.toBe('the tree index');
      expect(shows(expected), rev).toBe(true);
      expect(shows(main), rev).toBe(false);
    }
  });

  it('reports a packet that is a link, or became one, as a checkout does', () => {
    const { root, git } = corpus();
    const cache = tempDir();
    validate(root, cache, []);
    const head = validate(root, cache, ['--ref', 'HEAD']);
    expect([head.via, head.where]).toEqual(['the tree index', undefined]);

    const LINK = 'packets/search/EXC-2026-12-09-LINK.yaml';
    const trunk = git('rev-parse', '--abbrev-ref', 'HEAD').trim();
    git('checkout', '-q', '-b', 'link');
    symlinkSync(path.basename(SEARCH), path.join(root, LINK));
    commit(git, 'a packet that is a link');
    git('checkout', '-q', '-b', 'became-link', trunk);
    rmSync(path.join(root, ML));
    symlinkSync(`../search/${path.basename(SEARCH)}`, path.join(root, ML));
    commit(git, 'a packet turned into a link');
    git('checkout', '-q', trunk);

    for (const [rev, link] of [
      ['link', LINK],
      ['became-link', ML],
    ]) {
      const own = path.join(tempDir(), 'cache');
      cpSync(cache, own, { recursive: true });
      const run = validate(root, own, ['--ref', rev!]);
      const expected = onCleanCheckout(root, rev!);
      expect(run.outcome, rev).toEqual(expected);
      expect(run.where, rev).toBe('temporary');
      expect(found(expected, 'FILE_SYMLINK', link!), rev).toBe(true);
    }
  });

  it('leaves a tree index from a temporary checkout, for the next run at that commit', () => {
    const { root, git } = corpus();
    const team = teamPackets(root);
    pullRequest(root, git, team);
    const cache = tempDir();
    expect(validate(root, cache, ['--ref', 'pr']).where).toBe('temporary');

    const again = validate(root, cache, ['--ref', 'pr']);
    expect(again.outcome).toEqual(onCleanCheckout(root, 'pr'));
    expect(again.via).toBe('the tree index');
    expect(again.where).toBeUndefined();
  });
});

describe('packet validate --ref usage', () => {
  it('refuses what is not a plain revision of this repository, with exit 2', () => {
    const { root, git } = corpus();
    const tmp = tempDir();
    const env = { ...process.env, TMPDIR: tmp };
    const before = repositoryState(git);
    const cases: [string[], string][] = [
      [['--ref', 'HEAD', 'packets/search/'], 'it takes no paths and no --staged'],
      [['--ref', 'HEAD', '--staged'], 'it takes no paths and no --staged'],
      [['--ref', '-x'], "Option '--ref' argument is ambiguous"],
      [['--ref=-x'], '--ref must name a commit, branch or tag, not "-x"'],
      [['--ref', 'a b'], '--ref must name a commit, branch or tag, not "a b"'],
      [['--ref', 'HEAD:packets'], '--ref must name a commit, branch or tag, not "HEAD:packets"'],
      [['--ref', 'no-such-branch'], '--ref no-such-branch names no commit of this repository'],
      [['--ref', 'HEAD^{tree}'], '--ref HEAD^{tree} names no commit of this repository'],
    ];
    for (const [args, message] of cases) {
      const run = validate(root, tempDir(), args, env);
      expect(run.outcome, args.join(' ')).toEqual({ code: 2 });
      expect(run.stderr, args.join(' ')).toContain(message);
      expect(run.stderr, args.join(' ')).not.toMatch(/unexpected error|internal error/);
    }
    const empty = tempDir({ 'packets/search/.keep': '' });
    execFileSync('git', ['init', '-q'], { cwd: empty });
    const unborn = validate(empty, tempDir(), ['--ref', 'HEAD'], env);
    expect(unborn.outcome).toEqual({ code: 2 });
    expect(unborn.stderr).toContain('--ref HEAD names no commit of this repository');
    const plain = tempDir({ 'packets/search/.keep': '' });
    const outside = validate(plain, tempDir(), ['--ref', 'HEAD'], env);
    expect(outside.outcome).toEqual({ code: 2 });
    expect(outside.stderr).toContain('--ref reads the commit from git, which could not answer');
    expect(outside.stderr).not.toMatch(/unexpected error|internal error/);
    expect(repositoryState(git)).toEqual(before);
    expect(readdirSync(tmp)).toEqual([]);
  });
});

describe('packet validate --ref HEAD on a clean work tree', () => {
  it('checks in place with no cache, and leaves an index the next commit is planned from', () => {
    const { root, git } = corpus();
    const cache = tempDir();
    const before = repositoryState(git);
    const first = validate(root, cache, ['--ref', 'HEAD']);
    expect(first.where).toBe('in place');
    expect(first.via).toBe('none');
    expect(first.outcome).toEqual(onCleanCheckout(root, 'HEAD'));
    expect(repositoryState(git)).toEqual(before);

    edit(root, SEARCH, 'EXC-2026-12-04-SEARCH', 'EXC-2026-12-02-ML-PLATFORM');
    commit(git, 'an id taken');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'tag', '-am', 'v1', 'v1');
    const expected = onCleanCheckout(root, 'HEAD');
    expect(found(expected, 'ID_DUPLICATE', ML)).toBe(true);
    for (const rev of ['HEAD', 'v1']) {
      const next = validate(root, cache, ['--ref', rev]);
      expect(next.via, rev).toBe('the tree index');
      expect(next.where, rev).toBeUndefined();
      expect(next.outcome, rev).toEqual(expected);
    }
  });
});

describe('reading a commit for --ref', () => {
  it('reads objects by name past a missing one whose name holds spaces', async () => {
    const { root } = corpus();
    const store = new ObjectStore(root);
    try {
      const names = ['HEAD:no such', 'HEAD:a b c', 'HEAD:packets', `HEAD:${SEARCH}`];
      const objects = await store.read(names);
      expect([...objects.keys()]).toEqual(names.slice(2));
      expect(objects.get('HEAD:packets')?.type).toBe('tree');
      expect(objects.get(`HEAD:${SEARCH}`)?.bytes).toEqual(readFileSync(path.join(root, SEARCH)));
    } finally {
      store.close();
    }
  });
});
