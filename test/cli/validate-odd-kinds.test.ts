/**
 * Repository content of an unexpected kind where validation reads a file: an export path ending
 * in a slash, the allocation config that is a folder, a `.github` that is a file. Each is a
 * finding that names the file and says what to do, with exit 1, never a failure to read (exit 2);
 * and `--ref HEAD`, from a tree index a whole run on main left, reports what a run over the work
 * tree reports for the same commit. Real git repositories, real runs of the built command.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanCheckoutOf, committedExamples } from '../support/packet-corpus.js';
import { tempDir } from '../support/temp-dir.js';
import { tracedValidate } from '../support/traced-validate.js';

const SEARCH = 'packets/search/EXC-2026-12-04-SEARCH.yaml';
const EXPORT = 'packets/search/evidence/anthropic-cost-report-2026-11.json';
const ALLOCATION = '.github/packet-allocation.yml';
const POLICY = '.github/packet-policy.yml';

type Git = (...args: string[]) => string;
type Finding = { code: string; file: string; message: string };
type Report = { findings?: Finding[] };

/** A run of the built command: its exit code and JSON report, and what it said on stderr. */
function validate(root: string, cache: string, args: string[] = []) {
  const run = tracedValidate(root, cache, args);
  const report: Report = run.code === 2 ? {} : (JSON.parse(run.stdout) as Report);
  // A run at a commit that could not be planned from the index says where it checked it out.
  const checkedOut = /from a checkout of the commit/.test(run.stderr);
  return { outcome: { code: run.code, ...report }, stderr: run.stderr, via: run.via, checkedOut };
}

/** A copy of `cache`, so that each run starts from the index the run on main left. */
function copyOf(cache: string): string {
  const copy = path.join(tempDir(), 'cache');
  cpSync(cache, copy, { recursive: true });
  return copy;
}

function commit(git: Git, message: string) {
  git('add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', message);
}

/**
 * The shipped examples committed on main, a whole run there (which leaves its tree index), then
 * `change` committed on a branch: what a run over the work tree reports for that commit (with no
 * cache, and from main's index), what `--ref HEAD` and a clean checkout of it report, and what
 * `--ref HEAD` reports from the index the run over the work tree left.
 */
function committedChange(change: (root: string) => void) {
  const { root, git } = committedExamples();
  const cache = tempDir();
  expect(validate(root, cache).outcome.code).toBe(0);
  git('checkout', '-q', '-b', 'change');
  change(root);
  commit(git, 'change');
  const warmCache = copyOf(cache);
  return {
    workTree: validate(root, tempDir(), ['--no-cache']),
    warm: validate(root, warmCache),
    atRef: validate(root, copyOf(cache), ['--ref', 'HEAD']),
    checkout: validate(cleanCheckoutOf(root, 'HEAD'), tempDir(), ['--no-cache']),
    again: validate(root, warmCache, ['--ref', 'HEAD']),
  };
}

/** Every run reports the same, exits 1 and says nothing on stderr of a file it could not read. */
function expectOneReport(runs: ReturnType<typeof committedChange>) {
  const { workTree, warm, atRef, checkout, again } = runs;
  for (const run of [workTree, warm, atRef, checkout, again]) {
    expect(run.stderr).not.toMatch(/cannot read or write a file|unexpected error/);
  }
  expect(workTree.outcome.code).toBe(1);
  expect(warm.outcome).toEqual(workTree.outcome);
  expect(atRef.outcome).toEqual(workTree.outcome);
  expect(checkout.outcome).toEqual(workTree.outcome);
  expect(again.outcome).toEqual(workTree.outcome);
  return workTree.outcome;
}

/**
 * The second `--ref HEAD` came from the index the run over the work tree left, without a
 * checkout: the commit's configuration, read from git, is the one that run was made under.
 */
function expectPlannedAgain(runs: ReturnType<typeof committedChange>) {
  expect([runs.again.via, runs.again.checkedOut]).toEqual(['the tree index', false]);
}

/** The report's findings of `code`, as [file, message]. */
function findingsOf(outcome: Report, code: string): [string, string][] {
  return outcome
    .findings!.filter((finding) => finding.code === code)
    .map((finding) => [finding.file, finding.message]);
}

function edit(root: string, file: string, from: string, to: string) {
  const text = readFileSync(path.join(root, file), 'utf8');
  expect(text).toContain(from);
  writeFileSync(path.join(root, file), text.replace(from, to));
}

describe('packet validate on repository content of an unexpected kind', () => {
  it('reports an export path that ends with a slash on its packet, with exit 1', () => {
    // Read from git, such a path is left to a checkout of the commit (the name before the slash
    // could be a link to a folder), so the runs at the commit are compared for their report only.
    const outcome = expectOneReport(
      committedChange((root) => edit(root, SEARCH, `path: ${EXPORT}\n`, `path: ${EXPORT}/\n`)),
    );
    expect(findingsOf(outcome, 'EVIDENCE_PATH_NOT_CANONICAL')).toEqual([
      [
        SEARCH,
        `${EXPORT}/ ends with a slash, which names a folder; write the export file's path ` +
          'without it, e.g. packets/<owner>/evidence/<file>',
      ],
    ]);
  });

  it('reports packets/ that is a file, with exit 1', () => {
    const outcome = expectOneReport(
      committedChange((root) => {
        rmSync(path.join(root, 'packets'), { recursive: true });
        writeFileSync(path.join(root, 'packets'), 'not a folder\n');
      }),
    );
    expect(findingsOf(outcome, 'PACKETS_NOT_A_FOLDER')).toEqual([
      [
        'packets',
        'is a file, where packets/ must be a folder holding one folder per owner ' +
          '(packets/<owner>/<packet>.yaml); move the file away and create the folder',
      ],
    ]);
  });

  it('reports .github/packet-allocation.yml that is a folder, with exit 1', () => {
    const runs = committedChange((root) => {
      rmSync(path.join(root, ALLOCATION));
      // Git keeps a folder only with a file in it.
      mkdirSync(path.join(root, ALLOCATION));
      writeFileSync(path.join(root, ALLOCATION, 'rules.yml'), 'rules: []\n');
    });
    const outcome = expectOneReport(runs);
    expectPlannedAgain(runs);
    expect(findingsOf(outcome, 'ALLOCATION_NOT_A_FILE')).toEqual([
      [
        ALLOCATION,
        `${ALLOCATION} is a folder, not a file, so no cost is allocated to an owner; replace it ` +
          'with the allocation config (see schemas/allocation.schema.json) as a plain file, ' +
          'or remove it',
      ],
    ]);
  });

  it('reports .github that is a file on the policy and the allocation config, with exit 1', () => {
    const runs = committedChange((root) => {
      rmSync(path.join(root, '.github'), { recursive: true });
      writeFileSync(path.join(root, '.github'), 'not a folder\n');
    });
    const outcome = expectOneReport(runs);
    expectPlannedAgain(runs);
    const why = '.github is a file, not a folder';
    expect(findingsOf(outcome, 'ALLOCATION_NOT_A_FILE')).toEqual([
      [
        ALLOCATION,
        `${ALLOCATION} cannot exist: ${why}, so no cost is allocated to an owner; replace the ` +
          'file .github with a folder that holds the allocation config ' +
          '(see schemas/allocation.schema.json)',
      ],
    ]);
    expect(findingsOf(outcome, 'POLICY_MISSING')).toEqual([
      [
        POLICY,
        `${POLICY} cannot exist: ${why}, so no packet can be signed off; replace the file ` +
          '.github with a folder that holds the policy (see schemas/policy.schema.json)',
      ],
    ]);
  });
});

describe('the cache tells apart what stands where a configuration file should be', () => {
  it('--ref does not take a commit whose .github is a file for one without .github', () => {
    const { root, git } = committedExamples();
    git('checkout', '-q', '-b', 'bare');
    rmSync(path.join(root, '.github'), { recursive: true });
    commit(git, 'no .github');
    git('checkout', '-q', '-b', 'file');
    writeFileSync(path.join(root, '.github'), 'not a folder\n');
    commit(git, '.github is a file');
    git('checkout', '-q', 'bare');
    // The index of a whole run where no configuration file is there at all.
    const cache = tempDir();
    const bare = validate(root, cache);
    expect(findingsOf(bare.outcome, 'POLICY_MISSING')[0]?.[1]).toContain('does not exist');

    const atRef = validate(root, cache, ['--ref', 'file']);
    const checkout = validate(cleanCheckoutOf(root, 'file'), tempDir(), ['--no-cache']);
    expect(checkout.outcome.code).toBe(1);
    expect(atRef.outcome).toEqual(checkout.outcome);
    expect(findingsOf(atRef.outcome, 'POLICY_MISSING')[0]?.[1]).toContain(
      '.github is a file, not a folder',
    );
  });

  it('a warm run sees the allocation link lead to a folder where it led to nothing', () => {
    const { root } = committedExamples();
    const target = path.join(tempDir(), 'allocation');
    rmSync(path.join(root, ALLOCATION));
    symlinkSync(target, path.join(root, ALLOCATION));
    const cache = tempDir();
    // A link to nothing reads as no allocation config: no finding about the config itself.
    expect(findingsOf(validate(root, cache).outcome, 'ALLOCATION_NOT_A_FILE')).toEqual([]);

    mkdirSync(target);
    const warm = validate(root, cache);
    const full = validate(root, tempDir(), ['--no-cache']);
    expect(warm.outcome).toEqual(full.outcome);
    expect(findingsOf(warm.outcome, 'ALLOCATION_NOT_A_FILE').map(([file]) => file)).toEqual([
      ALLOCATION,
    ]);
  });
});
