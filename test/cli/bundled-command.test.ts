/**
 * The built `packet` command is a bundle (`scripts/dev/bundle.ts`). These tests hold it to what
 * the bundle is for: a pull request's run loads its own code in one file and nothing it does not
 * use, and each joined module still finds the files the compile put beside it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { committedExamples, corpus } from '../support/packet-corpus.js';
import { REPO_ROOT } from '../support/paths.js';
import { tempDir } from '../support/temp-dir.js';
import { tracedValidate } from '../support/traced-validate.js';

const BUNDLE = path.join(REPO_ROOT, 'dist/scripts/cli/packet.bundle.cjs');
const SEARCH = 'packets/search/EXC-2026-12-04-SEARCH.yaml';

/** Libraries a pull request's run over valid packets must not load. */
const UNUSED = [
  'node_modules/ajv/dist/2020.js', // the schema compiler: the precompiled validator stands in
  'node_modules/yaml/',
  'node_modules/lossless-json/',
  'node_modules/csv-parse/',
  'node_modules/ignore/',
];

/**
 * Runs the built command with a CommonJS preload that lists, at exit, every module loaded by
 * require (`loaded`) and every module of Node's own it loaded (`builtins`).
 */
function validateListingModules(root: string, cache: string, args: string[]) {
  const dir = tempDir();
  const listing = path.join(dir, 'loaded.json');
  const preload = path.join(dir, 'preload.cjs');
  writeFileSync(
    preload,
    "process.on('exit', () => require('node:fs').writeFileSync(process.env.LISTING, " +
      'JSON.stringify([Object.keys(require.cache), process.moduleLoadList])));',
  );
  const env = { ...process.env, LISTING: listing, NODE_OPTIONS: `--require=${preload}` };
  const run = tracedValidate(root, cache, args, env);
  const [loaded, builtins] = JSON.parse(readFileSync(listing, 'utf8')) as [string[], string[]];
  return { ...run, loaded, builtins };
}

/** A pull request's commit on the shipped examples, with the tree index of main's run. */
function pullRequestOnExamples() {
  const { root, git } = committedExamples();
  const cache = tempDir();
  expect(tracedValidate(root, cache, ['--skip-exports']).via).toBe('none');
  git('checkout', '-q', '-b', 'pull');
  const packet = path.join(root, SEARCH);
  writeFileSync(packet, readFileSync(packet, 'utf8').replace('autumn relevance', 'autumn ranking'));
  git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qam', 'edit');
  return { root, cache };
}

describe('the built packet command', () => {
  it('requires only Node, and imports only the other subcommands, through its launcher', () => {
    const bundle = readFileSync(BUNDLE, 'latin1');
    // A string some joined code keeps about itself (ajv's generated code names its helper).
    const code = bundle.replaceAll(/'[^'\n]*'/g, "''");
    const required = [...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!);
    const imported = [...code.matchAll(/\b__packetImport\("([^"]+)"\)/g)].map((m) => m[1]!);

    // No require() of a module: Node 21 and 22 before 22.12 cannot.
    expect(required.length).toBeGreaterThan(10);
    expect(required.filter((name) => !name.startsWith('node:'))).toEqual([]);
    expect(code).not.toMatch(/\bimport\(/);
    expect(imported.sort()).toEqual(
      ['audit', 'ledger', 'new', 'record', 'remind', 'signoff'].map((name) => `./${name}.js`),
    );
    // Joined in, so that the code cache holds them: decimals and the schema's helpers.
    const joined = [
      'big.js/big.js',
      'ajv-formats/dist/formats.js',
      'ajv/dist/runtime/ucs2length.js',
    ];
    for (const file of joined) expect(bundle).toContain(`// node_modules/${file}\n`);
  });

  it("checks a pull request's commit without loading the schema compiler or unused libraries", () => {
    const { root, cache } = pullRequestOnExamples();

    const run = validateListingModules(root, cache, ['--skip-exports', '--ref', 'HEAD']);

    expect(run.stderr).toMatch(/checked 1, reused \d+ from the tree index/);
    // The precompiled schema is joined into the bundle, so it is in the code cache too.
    expect(run.loaded.some((file) => file.endsWith('packet.validator.cjs'))).toBe(false);
    expect(run.loaded.filter((file) => UNUSED.some((name) => file.includes(name)))).toEqual([]);
  });

  it("starts as CommonJS, and a pull request's run starts no process and no ES module", () => {
    const { root, cache } = pullRequestOnExamples();

    const run = validateListingModules(root, cache, ['--skip-exports', '--ref', 'HEAD']);

    expect(run.stderr).toMatch(/checked 1, reused \d+ from the tree index/);
    expect(run.builtins).toContain('NativeModule zlib');
    // Setting up ES modules, or the module that starts processes, costs more than the checks.
    expect(run.builtins).not.toContain('NativeModule internal/modules/esm/module_job');
    expect(run.builtins).not.toContain('NativeModule child_process');
  });

  it('runs the same as packet.js, the name for a caller that imports it', () => {
    const { root } = corpus();
    const run = (bin: string) =>
      spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist/scripts/cli', bin), 'validate'], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, PACKET_NO_CACHE: '1' },
      });

    const fast = run('packet.cjs');

    expect(fast.status).toBe(1);
    expect(fast.stdout).toMatch(/\d+ packets, \d+ valid, [1-9]\d* errors/);
    // Named without its extension too, as Node finds an entry.
    for (const named of [run('packet.js'), run('packet')]) {
      expect([named.status, named.stdout, named.stderr]).toEqual([
        fast.status,
        fast.stdout,
        fast.stderr,
      ]);
    }
  });
});
