/**
 * Results are kept by git blob id, but a run reads the bytes a checkout wrote, and attributes or
 * git's config decide those. When they change between runs, a warm run must not report what the
 * old bytes gave: it must match a run with no cache at all.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { committedExamples } from '../support/packet-corpus.js';
import { tempDir } from '../support/temp-dir.js';
import { tracedValidate } from '../support/traced-validate.js';

const SEARCH = 'packets/search/EXC-2026-12-04-SEARCH.yaml';
const UTF16 = 'packets/search/*.yaml working-tree-encoding=UTF-16LE\n';

/** Writes the packet again from git, as a fresh checkout would under the settings now. */
function checkOutAgain(root: string, file: string): void {
  rmSync(path.join(root, file));
  execFileSync('git', ['checkout', '--', file], { cwd: root, stdio: 'pipe' });
}

function outcome(run: ReturnType<typeof tracedValidate>) {
  return { code: run.code, report: JSON.parse(run.stdout) as unknown };
}

/** The shipped examples committed, and the cache a first run over them (which passes) left. */
function cachedExamples(env: NodeJS.ProcessEnv = process.env) {
  const { root } = committedExamples();
  const cache = tempDir();
  expect(tracedValidate(root, cache, [], env).code).toBe(0);
  return { root, cache };
}

/** A run from that cache, and one with no cache at all. */
function warmAndFresh(root: string, cache: string, env: NodeJS.ProcessEnv = process.env) {
  const warm = tracedValidate(root, cache, [], env);
  const fresh = tracedValidate(root, tempDir(), ['--no-cache'], env);
  return { warm, fresh };
}

describe('a warm run after the checkout settings change', () => {
  const cases: [string, string][] = [
    ["the repository's own attributes file", '.git/info/attributes'],
    ['the attributes at the top of the work tree', '.gitattributes'],
  ];

  for (const [where, file] of cases) {
    it(`reads the bytes the checkout now writes, when ${where} changes`, () => {
      const { root, cache } = cachedExamples();

      writeFileSync(path.join(root, file), UTF16);
      checkOutAgain(root, SEARCH);
      const { warm, fresh } = warmAndFresh(root, cache);

      expect(warm.code).toBe(1);
      expect(warm.stdout).toContain('FILE_HIDDEN_CHARACTER');
      expect(outcome(warm)).toEqual(outcome(fresh));
    });
  }

  it('still reuses every result when nothing about the checkout changed', () => {
    const { root, cache } = cachedExamples();

    const warm = tracedValidate(root, cache);

    expect(warm.code).toBe(0);
    expect(warm.stderr).toMatch(/checked 0, reused 3/);
  });
});

describe('a warm run after settings outside the repository change how a checkout writes files', () => {
  /** A home of the test's own, no system config or attributes: only what the test writes counts. */
  function machine() {
    const home = tempDir();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_ATTR_NOSYSTEM: '1',
    };
    delete env.GIT_CONFIG_GLOBAL;
    return { home, env };
  }

  /** Writes every packet and export again from git, as a fresh checkout would. */
  function checkOutAll(root: string, env: NodeJS.ProcessEnv): void {
    rmSync(path.join(root, 'packets'), { recursive: true });
    execFileSync('git', ['checkout', '--', 'packets'], { cwd: root, env, stdio: 'pipe' });
  }

  it("reads the bytes the checkout now writes, when the user's own attributes file changes", () => {
    const { home, env } = machine();
    const { root, cache } = cachedExamples(env);

    // No core.attributesFile: git reads ~/.config/git/attributes (or $XDG_CONFIG_HOME's) itself.
    mkdirSync(path.join(home, '.config/git'), { recursive: true });
    writeFileSync(path.join(home, '.config/git/attributes'), UTF16);
    checkOutAll(root, env);
    const { warm, fresh } = warmAndFresh(root, cache, env);

    expect(fresh.stdout).toContain('FILE_HIDDEN_CHARACTER');
    expect(outcome(warm)).toEqual(outcome(fresh));
  });

  it('reads the bytes the checkout now writes, when autocrlf is set by its name alone', () => {
    const { env } = machine();
    const { root, cache } = cachedExamples(env);

    // A key with no value is true: git writes CRLF line ends, and the exports' hashes change.
    appendFileSync(path.join(root, '.git/config'), '[core]\n\tautocrlf\n');
    checkOutAll(root, env);
    const { warm, fresh } = warmAndFresh(root, cache, env);

    expect(fresh.stdout).toContain('EVIDENCE_HASH_MISMATCH');
    expect(outcome(warm)).toEqual(outcome(fresh));
  });

  it("reads the bytes the checkout now writes, when a filter's commands change", () => {
    const { env } = machine();
    // The committed attributes name a filter the config does not define yet (as with LFS before
    // `git lfs install`): a checkout writes the blobs as they are.
    const { root, git } = committedExamples((dir) => {
      writeFileSync(path.join(dir, '.gitattributes'), 'packets/*/evidence/* filter=swap\n');
    });
    git('add', '.gitattributes');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'filter');
    const cache = tempDir();
    expect(tracedValidate(root, cache, [], env).code).toBe(0);

    // Defined now, both ways, so git still sees the files as unchanged: only the bytes differ.
    appendFileSync(
      path.join(root, '.git/config'),
      '[filter "swap"]\n\tsmudge = sed s/0/@/g\n\tclean = sed s/@/0/g\n',
    );
    checkOutAll(root, env);
    const { warm, fresh } = warmAndFresh(root, cache, env);

    expect(git('status', '--porcelain')).toBe('');
    expect(fresh.stdout).toContain('EVIDENCE_HASH_MISMATCH');
    expect(outcome(warm)).toEqual(outcome(fresh));
  });
});
