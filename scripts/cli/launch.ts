#!/usr/bin/env node
/**
 * The built `packet` command (the build copies this file to dist/scripts/cli/packet.js). It runs
 * the bundled command, `packet.bundle.cjs`, through V8's code cache: the compiled form of every
 * function a training run used (see scripts/dev/train-code-cache.ts). In a pull request's run,
 * compiling the command's code again costs more than checking its few packets.
 *
 * A cache that is missing, made for another bundle or refused by this Node (another version,
 * other V8 flags) is ignored: the command then compiles as it goes, with the same results.
 */
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import type { main as runPacket } from './packet.js';

const BUNDLE = fileURLToPath(new URL('./packet.bundle.cjs', import.meta.url));
const CODE_CACHE = fileURLToPath(new URL('./packet.code-cache', import.meta.url));

/** Set by the build's training run: write the code cache when the command exits. */
const TRAIN_VARIABLE = 'PACKET_CODE_CACHE_TRAIN';

/**
 * The cache starts with the SHA-256 of the bundle it was made for followed by V8's data. V8
 * checks the source's length only, and runs damaged data (it can crash the process): both are
 * checked here first.
 */
const DIGEST_BYTES = 32;

interface BundleExports {
  main: typeof runPacket;
  runCommand(): Promise<void>;
}

// The build checks that the bundle is plain ASCII, which reads fastest as Latin-1.
const bytes = readFileSync(BUNDLE);
const source = bytes.toString('latin1');

// PACKET_CODE_CACHE=off (or 0, false, no) compiles as if there were none: to compare, or to
// rule the cache out.
const off = ['off', '0', 'false', 'no'].includes(process.env.PACKET_CODE_CACHE ?? '');
const cache = off ? 'switched off' : cachedDataFor(bytes);

// The bundle is CommonJS: it runs as Node would run it, with its own require and module, and
// an import() of the compiled subcommands beside it (a script has none of its own).
const script = new Script(
  `(function (exports, require, module, __filename, __dirname, __packetImport) {${source}\n})`,
  { filename: BUNDLE, ...(typeof cache === 'string' ? {} : { cachedData: cache }) },
);
if (process.env.PACKET_TRACE) process.stderr.write(`packet: code cache ${stateOf(cache)}\n`);
if (process.env[TRAIN_VARIABLE] === '1') process.on('exit', () => writeCache(script, bytes));

const bundle = { exports: {} as BundleExports };
const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
const importBeside = (specifier: string) => import(new URL(specifier, import.meta.url).href);
wrapper(bundle.exports, createRequire(BUNDLE), bundle, BUNDLE, path.dirname(BUNDLE), importBeside);

/** The command's entry for a caller that runs it in-process (the demo), as `packet.ts` has it. */
export const main = bundle.exports.main;
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void bundle.exports.runCommand();
}

/** The cached code when it was made for exactly this bundle and is whole, else why not. */
function cachedDataFor(bundled: Buffer): Buffer | string {
  let cached: Buffer;
  try {
    cached = readFileSync(CODE_CACHE);
  } catch {
    return 'missing';
  }
  const data = cached.subarray(DIGEST_BYTES);
  const made = digestOf(bundled, data);
  return made.equals(cached.subarray(0, DIGEST_BYTES))
    ? data
    : 'made for another bundle, or damaged';
}

function digestOf(bundled: Buffer, data: Buffer): Buffer {
  return createHash('sha256').update(bundled).update(data).digest();
}

/** What became of the cache, for PACKET_TRACE. */
function stateOf(cached: Buffer | string): string {
  if (typeof cached === 'string') return cached;
  return script.cachedDataRejected ? 'refused by this Node' : 'used';
}

/**
 * Writes the code compiled so far; whole or not at all, since a reader may start meanwhile. This
 * runs as the process exits, so a failure is said, never thrown: the run's exit code stands.
 */
function writeCache(compiled: Script, bundled: Buffer): void {
  const partial = `${CODE_CACHE}.${process.pid}.partial`;
  try {
    const data = compiled.createCachedData();
    writeFileSync(partial, Buffer.concat([digestOf(bundled, data), data]));
    renameSync(partial, CODE_CACHE);
  } catch (error) {
    rmSync(partial, { force: true });
    process.stderr.write(`packet: could not write the code cache: ${(error as Error).message}\n`);
  }
}
