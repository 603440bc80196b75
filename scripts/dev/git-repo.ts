/**
 * Real git repositories in temp folders for tests: write `{ path: content }`, commit, branch,
 * merge. Every helper shells out to the git binary; nothing is mocked.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Files to write: content as text, or null to delete the path. */
export type FileMap = Record<string, string | null>;

export interface CommitOptions {
  author?: string;
  email?: string;
  /** Commit and author date, ISO-8601 with offset (fixed by default so tests are stable). */
  date?: string;
}

export interface TestRepo {
  dir: string;
  git(...args: string[]): string;
  /** Runs git with extra environment (a fixed committer date, for example). */
  gitEnv(env: Record<string, string>, ...args: string[]): string;
  write(files: FileMap): void;
  commit(message: string, files?: FileMap, options?: CommitOptions): string;
  head(): string;
  cleanup(): void;
}

/** Creates an empty repository on branch `main` (bare when asked) in a fresh temp folder. */
export function createRepo(options: { bare?: boolean; dir?: string } = {}): TestRepo {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'packet-git-'));
  mkdirSync(dir, { recursive: true });
  const bare = options.bare === true ? ['--bare'] : [];
  run(dir, {}, 'init', '-q', ...bare, '-b', 'main');
  return openRepo(dir);
}

/** Wraps an existing repository folder (a clone, for example). */
export function openRepo(dir: string): TestRepo {
  const git = (...args: string[]): string => run(dir, {}, ...args);
  run(dir, {}, 'config', 'user.name', 'Test Author');
  run(dir, {}, 'config', 'user.email', 'author@test.invalid');
  run(dir, {}, 'config', 'commit.gpgsign', 'false');

  const write = (files: FileMap): void => {
    for (const [path, content] of Object.entries(files)) {
      const full = join(dir, path);
      if (content === null) {
        rmSync(full, { force: true });
        continue;
      }
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    }
  };

  const commit = (message: string, files: FileMap = {}, o: CommitOptions = {}): string => {
    write(files);
    run(dir, {}, 'add', '-A');
    const date = o.date ?? '2026-11-03T10:00:00+00:00';
    const env = {
      GIT_AUTHOR_NAME: o.author ?? 'Test Author',
      GIT_AUTHOR_EMAIL: o.email ?? 'author@test.invalid',
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
    };
    run(dir, env, 'commit', '-q', '--allow-empty', '-m', message);
    return run(dir, {}, 'rev-parse', 'HEAD').trim();
  };

  return {
    dir,
    git,
    gitEnv: (env, ...args) => run(dir, env, ...args),
    write,
    commit,
    head: () => git('rev-parse', 'HEAD').trim(),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Clones `source` (a path) into `dir` (default: a new temp folder); `depth` makes a shallow
 * clone.
 */
export function cloneRepo(source: string, depth?: number, dir?: string): TestRepo {
  dir ??= mkdtempSync(join(tmpdir(), 'packet-clone-'));
  const shallow = depth === undefined ? [] : ['--depth', String(depth)];
  // file:// makes --depth work for a local path.
  run(tmpdir(), {}, 'clone', '-q', ...shallow, `file://${source}`, dir);
  return openRepo(dir);
}

function run(cwd: string, env: Record<string, string>, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
