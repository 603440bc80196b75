/**
 * Git state the tree index reads from git's own files instead of asking git: its config (does it
 * ignore case?) and its index (does it skip comparing some file?). Each case holds the reader's
 * answer to git's, and a warm run's report to `--no-cache`'s. Real repositories, real CLI runs.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mayIgnoreCase } from '../../scripts/io/git-config-case.js';
import { indexMarksUnwatched } from '../../scripts/io/git-index-flags.js';
import { REPO_ROOT } from '../support/paths.js';
import { copyOfExamples, tempDir } from '../support/temp-dir.js';
import { tracedValidate } from '../support/traced-validate.js';

const SEARCH = 'packets/search/EXC-2026-12-04-SEARCH.yaml';
const EVIDENCE = 'packets/search/evidence/anthropic-cost-report-2026-11.json';
const saved = { ...process.env };

function gitIn(root: string, env: NodeJS.ProcessEnv = process.env) {
  return (...args: string[]) =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: 'pipe', env });
}

function commitAll(git: (...args: string[]) => string) {
  git('add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'files');
}

function validate(root: string, args: string[] = [], env: NodeJS.ProcessEnv = process.env) {
  const run = tracedValidate(root, path.join(root, '.git', 'packet-cache'), args, env);
  return { outcome: { code: run.code, stdout: run.stdout }, via: run.via };
}

/** A home of its own, and no system config, so the machine's git config plays no part. */
function isolatedEnv(): NodeJS.ProcessEnv {
  const home = tempDir();
  const env: NodeJS.ProcessEnv = { ...saved, HOME: home };
  env.XDG_CONFIG_HOME = path.join(home, '.config');
  env.GIT_CONFIG_NOSYSTEM = '1';
  for (const name of ['GIT_CONFIG_PARAMETERS', 'GIT_CONFIG_COUNT', 'GIT_CONFIG_GLOBAL']) {
    delete env[name];
  }
  return env;
}

describe('whether git ignores case, read from config lines git reads so', () => {
  beforeEach(() => {
    process.env = isolatedEnv();
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  /** A config file of its own that sets the key (tempDir folders go after each test). */
  const setsIt = () => {
    const file = path.join(tempDir(), 'included.config');
    writeFileSync(file, '[core]\n\tignorecase = true\n');
    return file;
  };
  const cases: [string, (included: string) => string][] = [
    ['the key on the section line', () => '[core] ignorecase = true\n'],
    ['the key after two sections on one line', () => '[user][core]ignoreCase\n'],
    ['an include on the line of another section', (file) => `[core] [include] path = ${file}\n`],
  ];
  it.each(cases)('says yes, as git does, for %s', (_, config) => {
    const root = tempDir();
    gitIn(root)('init', '-q');
    appendFileSync(path.join(root, '.git/config'), config(setsIt()));

    expect(gitIn(root)('config', '--bool', 'core.ignorecase').trim()).toBe('true');
    expect(mayIgnoreCase(root)).toBe(true);
  });

  it('still says no for the key on the section line set to false', () => {
    const root = tempDir();
    gitIn(root)('init', '-q');
    appendFileSync(path.join(root, '.git/config'), '[core] ignorecase = false\n');

    expect(mayIgnoreCase(root)).toBe(false);
  });

  it.each(['0', 'false', 'no'])('reads the system config when GIT_CONFIG_NOSYSTEM=%s', (off) => {
    const root = tempDir();
    gitIn(root)('init', '-q');
    process.env.GIT_CONFIG_NOSYSTEM = off;
    process.env.GIT_CONFIG_SYSTEM = setsIt();

    expect(gitIn(root)('config', '--bool', 'core.ignorecase').trim()).toBe('true');
    expect(mayIgnoreCase(root)).toBe(true);
  });

  it('lets a warm run list a twin differing in case only, as a full run does', () => {
    const env = isolatedEnv();
    const root = copyOfExamples();
    const git = gitIn(root, env);
    git('init', '-q');
    commitAll(git);
    appendFileSync(path.join(root, '.git/config'), '[core] ignorecase = true\n');
    validate(root, [], env);
    const twin = 'packets/search/exc-2026-12-04-search.yaml';
    copyFileSync(path.join(root, SEARCH), path.join(root, twin));

    const warm = validate(root, [], env);
    const full = validate(root, ['--no-cache'], env);
    expect(full.outcome.stdout).toContain(twin);
    expect(warm.outcome).toEqual(full.outcome);
  });
});

/** A SHA-256 repository holding the search packet (with `seed` in a comment) and its export. */
function sha256Repository(seed: number) {
  const root = tempDir();
  const git = gitIn(root);
  git('init', '-q', '--object-format=sha256');
  mkdirSync(path.join(root, 'packets/search/evidence'), { recursive: true });
  copyFileSync(path.join(REPO_ROOT, EVIDENCE), path.join(root, EVIDENCE));
  const packet = readFileSync(path.join(REPO_ROOT, SEARCH), 'utf8');
  writeFileSync(path.join(root, SEARCH), `# seed ${seed}\n${packet}`);
  commitAll(git);
  return { root, git };
}

describe('git index flags in a SHA-256 repository (ids of 32 bytes)', () => {
  it('finds an assume-unchanged file whatever the ids hold', () => {
    // The flags sit after the id: read 12 bytes early, they are bytes of the id, so the answer
    // would change with the file's content. Seed 124 is one that misled a 20-byte reading.
    for (const seed of [124, 1, 2, 3, 4, 5, 6, 7]) {
      const { root, git } = sha256Repository(seed);
      expect(indexMarksUnwatched(root), `seed ${seed}`).toBe(false);
      git('update-index', '--assume-unchanged', SEARCH);
      expect(indexMarksUnwatched(root), `seed ${seed}`).not.toBe(false);
    }
  });

  it('lets a warm run see an edit git no longer compares, as a full run does', () => {
    const { root, git } = sha256Repository(124);
    validate(root);
    git('update-index', '--assume-unchanged', SEARCH);
    const text = readFileSync(path.join(root, SEARCH), 'utf8');
    writeFileSync(path.join(root, SEARCH), text.replace(/^exception_packet_id: .*$/m, 'x: 1'));

    const warm = validate(root);
    const full = validate(root, ['--no-cache']);
    expect(full.outcome.stdout).toContain('SCHEMA_REQUIRED');
    expect(warm.outcome).toEqual(full.outcome);
  });
});
