/**
 * The built command starts through V8's code cache (scripts/cli/launch.cts), made at build time by
 * a training run (scripts/dev/train-code-cache.ts). The cache may only make it start sooner: the
 * findings, the output and the exit code are those of a run without it, and a cache that does not
 * belong to the bundle, or is damaged, is never run (V8 would run it, and can crash on it).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpus } from '../support/packet-corpus.js';
import { REPO_ROOT } from '../support/paths.js';
import { tempDir } from '../support/temp-dir.js';

const CLI = 'dist/scripts/cli';

/** `packet validate --format json` with the command at `install`, traced, with no cache. */
function validate(install: string, root: string, env: NodeJS.ProcessEnv = {}) {
  const run = spawnSync(
    process.execPath,
    [path.join(install, CLI, 'packet.cjs'), 'validate', '--format', 'json'],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, PACKET_NO_CACHE: '1', PACKET_TRACE: '1', ...env },
    },
  );
  const state = /^packet: code cache (.*)$/m.exec(run.stderr)?.[1];
  return { code: run.status, stdout: run.stdout, stderr: run.stderr, state };
}

/** A copy of the build that the test may damage, resolving packages from the repository. */
function copyOfBuild(): string {
  const install = tempDir();
  cpSync(path.join(REPO_ROOT, 'dist'), path.join(install, 'dist'), { recursive: true });
  cpSync(path.join(REPO_ROOT, 'package.json'), path.join(install, 'package.json'));
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(install, 'node_modules'));
  return install;
}

/** A corpus with valid and invalid packets, and what the build finds there without the cache. */
function withoutCache() {
  const { root } = corpus();
  return { root, plain: validate(REPO_ROOT, root, { PACKET_CODE_CACHE: 'off' }) };
}

describe('the code cache of the built command', () => {
  it.each(['0', 'false', 'no'])('is switched off by PACKET_CODE_CACHE=%s as by off', (value) => {
    const { root, plain } = withoutCache();

    const run = validate(REPO_ROOT, root, { PACKET_CODE_CACHE: value });

    expect(run.state).toBe('switched off');
    expect([run.code, run.stdout]).toEqual([plain.code, plain.stdout]);
  });

  it('is made by the build and used', () => {
    const { root, plain } = withoutCache();
    const run = validate(REPO_ROOT, root);

    expect(plain.state).toBe('switched off');
    expect(run.state).toBe('used');
  });

  it('changes no finding, output or exit code', () => {
    const { root, plain } = withoutCache();
    const run = validate(REPO_ROOT, root);

    expect(plain.code).toBe(1);
    expect(JSON.parse(plain.stdout).findings.length).toBeGreaterThan(10);
    expect([run.code, run.stdout]).toEqual([plain.code, plain.stdout]);
  });

  it.each([
    ['its check', 0],
    ["V8's header", 16],
    ['the compiled code', 5_000],
    ['the compiled code, near its end', -100],
  ])('is not run when %s is damaged, and the command finds the same', (_, offset) => {
    const { root, plain } = withoutCache();
    const install = copyOfBuild();
    const file = path.join(install, CLI, 'packet.code-cache');
    const bytes = readFileSync(file);
    const at = offset < 0 ? bytes.length + offset : offset;
    bytes[at] = bytes[at]! ^ 0xff;
    writeFileSync(file, bytes);

    const run = validate(install, root);

    expect(run.state).toBe('made for another bundle, or damaged');
    expect([run.code, run.stdout]).toEqual([plain.code, plain.stdout]);
  });

  it('is not run for a bundle changed after the build', () => {
    const { root, plain } = withoutCache();
    const install = copyOfBuild();
    const bundle = path.join(install, CLI, 'packet.bundle.cjs');
    // Of the same length, so V8's own check would take the cache for this bundle.
    const text = readFileSync(bundle, 'latin1');
    writeFileSync(bundle, text.replace('"use strict";', "'use strict';"), 'latin1');

    const run = validate(install, root);

    expect(run.state).toBe('made for another bundle, or damaged');
    expect([run.code, run.stdout]).toEqual([plain.code, plain.stdout]);
  });

  it.each([
    ['missing', null],
    ['empty', ''],
  ])('is passed over when %s: the command compiles as it goes', (_, content) => {
    const { root, plain } = withoutCache();
    const install = copyOfBuild();
    const file = path.join(install, CLI, 'packet.code-cache');
    if (content === null) rmSync(file);
    else writeFileSync(file, content);

    const run = validate(install, root);

    expect(run.state).toBe(content === null ? 'missing' : 'made for another bundle, or damaged');
    expect([run.code, run.stdout]).toEqual([plain.code, plain.stdout]);
  });

  it('keeps the exit code when the cache cannot be written at exit, and says why', () => {
    const { root, plain } = withoutCache();
    const install = copyOfBuild();
    const file = path.join(install, CLI, 'packet.code-cache');
    rmSync(file);
    mkdirSync(path.join(file, 'in-the-way'), { recursive: true });

    const run = validate(install, root, { PACKET_CODE_CACHE_TRAIN: '1' });

    expect(run.state).toBe('missing');
    expect(run.stderr).toMatch(/^packet: could not write the code cache: /m);
    expect([run.code, run.stdout]).toEqual([plain.code, plain.stdout]);
  });
});
