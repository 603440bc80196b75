/**
 * The cache flow of the validate workflow, replayed on real repositories: each run gets a fresh
 * checkout fetched at the depth validate.yml gives actions/checkout, a push to main runs from an
 * empty cache and keeps it, a pull request's merge commit runs from a copy of main's newest cache.
 * The run must then be planned from the tree index, and, when main's cache is older than main,
 * fall back to the cache of files with the findings of a run that reuses nothing.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../support/paths.js';
import { copyOfExamples, tempDir } from '../support/temp-dir.js';
import { tracedValidate } from '../support/traced-validate.js';

const SEARCH = 'packets/search/EXC-2026-12-04-SEARCH.yaml';
const ML = 'packets/ml-platform/EXC-2026-12-02-ML-PLATFORM.yaml';
const IDENTITY = ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid'];

type Step = { uses?: string; run?: string; with?: { 'fetch-depth'?: number } };

function workflowSteps(): Step[] {
  const file = path.join(REPO_ROOT, '.github/workflows/validate.yml');
  const workflow = parse(readFileSync(file, 'utf8')) as { jobs: { validate: { steps: Step[] } } };
  return workflow.jobs.validate.steps;
}

/** The fetch depth the workflow gives actions/checkout. */
function workflowDepth(): string {
  const checkout = workflowSteps().find((s) => s.uses?.startsWith('actions/checkout@'));
  return String(checkout?.with?.['fetch-depth'] ?? 1);
}

/**
 * The arguments the workflow's validate step passes on an event: its one expression, of the form
 * `${{ github.event_name == 'E' && 'ARGS' || 'OTHER' }}`, worked out for that event.
 */
function workflowArgs(event: 'push' | 'pull_request'): string[] {
  const run = workflowSteps().find((s) => s.run?.startsWith('npm run validate'))?.run ?? '';
  const chosen = run.replace(
    /\$\{\{ github\.event_name == '(\w+)' && '([^']*)' \|\| '([^']*)' \}\}/,
    (_, when: string, then: string, otherwise: string) => (when === event ? then : otherwise),
  );
  expect(chosen).not.toContain('${{');
  return chosen
    .replace(/^npm run validate\s*(--)?/, '')
    .split(/\s+/)
    .filter(Boolean);
}

function gitIn(root: string) {
  return (...args: string[]) =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: 'pipe' }).trim();
}

/** The shipped examples committed on main, and a way to change a packet's wording. */
function origin() {
  const root = copyOfExamples();
  const git = gitIn(root);
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git(...IDENTITY, 'commit', '-qm', 'examples');
  const commit = (file: string, words: string, message: string) => {
    const full = path.join(root, file);
    writeFileSync(full, readFileSync(full, 'utf8').replace(/tracked in [\w-]+/, words));
    git(...IDENTITY, 'commit', '-qam', message);
  };
  return { root, git, commit };
}

/** A pull request off main changing one packet, and its merge commit as refs/pull/N/merge. */
function openPull(repo: ReturnType<typeof origin>, n: number, file: string) {
  repo.git('checkout', '-q', '-b', `pr-${n}`, 'main');
  repo.commit(file, `tracked in PR-${n}`, `pull ${n}`);
  repo.git('checkout', '-q', '--detach', 'main');
  repo.git(...IDENTITY, 'merge', '-q', '--no-ff', '-m', `merge ${n}`, `pr-${n}`);
  repo.git('update-ref', `refs/pull/${n}/merge`, 'HEAD');
  repo.git('checkout', '-q', 'main');
  return `refs/pull/${n}/merge`;
}

/**
 * One job: a fetch of `ref` at the workflow's depth, the restored cache (if any), and a traced
 * validate run with the arguments the workflow passes on that event.
 */
function job(repo: ReturnType<typeof origin>, ref: string, restored?: string) {
  const event = ref.startsWith('refs/pull/') ? 'pull_request' : 'push';
  const work = tempDir();
  const git = gitIn(work);
  git('init', '-q');
  git('fetch', '-q', '--depth', workflowDepth(), `file://${repo.root}`, ref);
  git('checkout', '-q', 'FETCH_HEAD');
  const cache = path.join(tempDir(), 'packet-cache');
  mkdirSync(cache);
  if (restored) cpSync(restored, cache, { recursive: true });
  const run = tracedValidate(work, cache, workflowArgs(event));
  const fresh = tracedValidate(work, path.join(tempDir(), 'empty'), ['--no-cache']);
  return { ...run, fresh: { code: fresh.code, stdout: fresh.stdout }, cache };
}

describe('the validate workflow’s cache flow', () => {
  it('a pull request on main’s newest cache checks only its own packet', () => {
    const repo = origin();
    const main = job(repo, 'main');

    const pull = job(repo, openPull(repo, 1, SEARCH), main.cache);

    expect(main.via).toBe('none');
    expect(pull.via).toBe('the tree index');
    expect(pull.stderr).toContain('at HEAD: checked 1,');
    expect({ code: pull.code, stdout: pull.stdout }).toEqual(pull.fresh);
  });

  it('a pull request on a cache older than main reuses results per file, same findings', () => {
    const repo = origin();
    const older = job(repo, 'main');
    repo.commit(ML, 'tracked in MAIN-2', 'main moves on');

    const pull = job(repo, openPull(repo, 2, SEARCH), older.cache);

    expect(pull.via).toBe('the cache of files');
    expect({ code: pull.code, stdout: pull.stdout }).toEqual(pull.fresh);
  });
});
