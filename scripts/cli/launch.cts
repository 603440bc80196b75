#!/usr/bin/env node
/**
 * The built `packet` command (the build copies this file to dist/scripts/cli/packet.cjs). It runs
 * the bundled command, `packet.bundle.cjs`, through V8's code cache: the compiled form of every
 * function a training run used (see scripts/dev/train-code-cache.ts). In a pull request's run,
 * compiling the command's code again costs more than checking its few packets.
 *
 * It is CommonJS, as the bundle is: Node starts a CommonJS entry without setting up its loader of
 * ES modules, which costs more than most of a pull request's checks. `packet.js` beside it
 * (launch-module.ts) is the same command for a caller that imports it or runs that name.
 *
 * A cache that is missing, made for another bundle or refused by this Node (another version,
 * other V8 flags) is ignored: the command then compiles as it goes, with the same results.
 */
import fs = require('node:fs');
import nodeModule = require('node:module');
import path = require('node:path');
import url = require('node:url');
import vm = require('node:vm');
import zlib = require('node:zlib');
import type { main as runPacket } from './packet.js' with { 'resolution-mode': 'import' };

const BUNDLE = path.join(__dirname, 'packet.bundle.cjs');
const CODE_CACHE = path.join(__dirname, 'packet.code-cache');

/** Set by the build's training run: write the code cache when the command exits. */
const TRAIN_VARIABLE = 'PACKET_CODE_CACHE_TRAIN';

/**
 * The cache starts with a check of the bundle it was made for and of itself (CRC-32 of each),
 * then V8's data. V8 checks the source's length only, and runs damaged data (it can crash the
 * process): both are checked here first. The cache is build output, trusted as the bundle is,
 * so a check against damage suffices, and CRC-32 reads both files in a fraction of a millisecond.
 */
const CHECK_BYTES = 8;

interface BundleExports {
  main: typeof runPacket;
  runCommand: () => Promise<void>;
}

// The build checks that the bundle is plain ASCII, which reads fastest as Latin-1.
const bytes = fs.readFileSync(BUNDLE);
const source = bytes.toString('latin1');

// PACKET_CODE_CACHE=off (or 0, false, no) compiles as if there were none: to compare, or to
// rule the cache out.
const off = ['off', '0', 'false', 'no'].includes(process.env.PACKET_CODE_CACHE ?? '');
const cache = off ? 'switched off' : cachedDataFor(bytes);

// The bundle runs as Node would run a CommonJS file, with its own require and module, and an
// import() of the compiled subcommands beside it (a script has none of its own).
const script = new vm.Script(
  `(function (exports, require, module, __filename, __dirname, __packetImport) {${source}\n})`,
  { filename: BUNDLE, ...(typeof cache === 'string' ? {} : { cachedData: cache }) },
);
if (process.env.PACKET_TRACE) say(`packet: code cache ${stateOf(cache)}`);
if (process.env[TRAIN_VARIABLE] === '1') process.on('exit', () => writeCache(script, bytes));

const bundle = { exports: {} as BundleExports };
const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
const importBeside = (specifier: string) =>
  import(url.pathToFileURL(path.join(__dirname, specifier)).href);
wrapper(bundle.exports, nodeModule.createRequire(BUNDLE), bundle, BUNDLE, __dirname, importBeside);

if (require.main === module) void bundle.exports.runCommand();

/**
 * The command's entry for a caller that runs it in-process (the demo), as `packet.ts` has it,
 * and the whole run on this process's arguments.
 */
export = { main: bundle.exports.main, runCommand: bundle.exports.runCommand };

/** The cached code when it was made for exactly this bundle and is whole, else why not. */
function cachedDataFor(bundled: Buffer): Buffer | string {
  let cached: Buffer;
  try {
    cached = fs.readFileSync(CODE_CACHE);
  } catch {
    return 'missing';
  }
  const data = cached.subarray(CHECK_BYTES);
  const made = checkOf(bundled, data);
  return made.equals(cached.subarray(0, CHECK_BYTES))
    ? data
    : 'made for another bundle, or damaged';
}

/** The CRC-32 of the bundle, then that of the cached data. */
function checkOf(bundled: Buffer, data: Buffer): Buffer {
  const check = Buffer.alloc(CHECK_BYTES);
  check.writeUInt32BE(zlib.crc32(bundled), 0);
  check.writeUInt32BE(zlib.crc32(data), 4);
  return check;
}

/**
 * A line on stderr, written as the command writes its own (see cli/io.ts): a reader that has gone
 * (`2>&1 | head`) or a full disk must not stop the run, or change its exit code.
 */
function say(line: string): void {
  try {
    fs.writeSync(2, `${line}\n`);
  } catch {
    // Nobody to tell.
  }
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
function writeCache(compiled: vm.Script, bundled: Buffer): void {
  const partial = `${CODE_CACHE}.${process.pid}.partial`;
  try {
    const data = compiled.createCachedData();
    fs.writeFileSync(partial, Buffer.concat([checkOf(bundled, data), data]));
    fs.renameSync(partial, CODE_CACHE);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    say(`packet: could not write the code cache: ${(error as Error).message}`);
  }
}
