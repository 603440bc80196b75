/**
 * Run last in the build: makes the code cache the built command starts through (see
 * scripts/cli/launch.cts). It checks the shipped example packets in a temporary repository the
 * way a pull request is checked: once whole, which writes the tree index, then a commit that
 * changed one packet, against that index, with the objects packed as a fetch leaves them. V8
 * then keeps the compiled form of what that second run used.
 *
 * The packets are the repository's own, as they stand (a draft being written among them): runs
 * that report findings train the cache as well as runs that pass. Only the first few owner
 * folders are copied, so that a repository of thousands of packets builds as fast as a new one.
 *
 * Without git, or when a run fails (a usage error or a crash), the build goes on without a cache
 * and says why: the command is then slower to start, never different in what it finds.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { codeRootOf } from './code-root.js';

const ROOT = codeRootOf(import.meta.url);
const COMMAND = path.join(ROOT, 'dist/scripts/cli/packet.cjs');
/** Where the launcher keeps the cache, and the variable that has it write one at exit. */
const CODE_CACHE = path.join(ROOT, 'dist/scripts/cli/packet.code-cache');
const TRAIN_VARIABLE = 'PACKET_CODE_CACHE_TRAIN';

/** What a packet repository holds besides its packets, copied whole. */
const REPOSITORY_PARTS = ['schemas', '.github', 'CODEOWNERS'];

/** Owner folders are copied, in name order, until they hold this many packets. */
const TRAINING_PACKETS = 12;

/** Commits made here are nobody's and run no hooks or signing from the user's git config. */
const GIT_SETTINGS = [
  ...['-c', 'user.name=packet build', '-c', 'user.email=build@example.invalid'],
  ...['-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null'],
];

let repo: string | undefined;
try {
  repo = mkdtempSync(path.join(tmpdir(), 'packet-code-cache-'));
  train(repo);
  console.error(`build: code cache written (${path.relative(ROOT, CODE_CACHE)})`);
} catch (error) {
  // A cache from a run that failed would stand for code that did not run as it should.
  rmSync(CODE_CACHE, { force: true });
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  console.error(`build: no code cache, so the command starts slower (${reason})`);
} finally {
  if (repo) rmSync(repo, { recursive: true, force: true });
}

function train(repo: string): void {
  for (const part of REPOSITORY_PARTS) {
    const from = path.join(ROOT, part);
    if (existsSync(from)) cpSync(from, path.join(repo, part), { recursive: true });
  }
  copyPackets(path.join(ROOT, 'packets'), path.join(repo, 'packets'));
  const env = { ...isolated(process.env), PACKET_CACHE_DIR: path.join(repo, '.cache') };
  const git = (...args: string[]) =>
    execFileSync('git', [...GIT_SETTINGS, ...args], { cwd: repo, env, stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'examples');

  validate(repo, [], env);

  const packet = firstPacket(path.join(repo, 'packets'));
  appendFileSync(packet, '# changed in a pull request\n');
  git('commit', '-qam', 'one packet changed');
  // A checkout in CI holds its objects in a pack, as fetched: read them from one here too.
  git('repack', '-a', '-d', '-q');
  validate(repo, ['--ref', 'HEAD'], { ...env, [TRAIN_VARIABLE]: '1' });

  if (!existsSync(CODE_CACHE)) throw new Error('the training run wrote no cache');
}

/**
 * The environment without git's and the command's own settings. A build run from a git hook
 * (the pre-commit hook validates staged packets) inherits GIT_DIR or GIT_INDEX_FILE, which would
 * point this repository's commands at the user's own index and history.
 */
function isolated(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([name]) => !name.startsWith('GIT_') && !name.startsWith('PACKET_')),
  );
}

/**
 * The files at the top of packets/, then its owner folders in name order until they hold
 * TRAINING_PACKETS packets (each folder whole, with the exports its packets cite).
 */
function copyPackets(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  const entries = readdirSync(from, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const entry of entries.filter((each) => !each.isDirectory())) {
    cpSync(path.join(from, entry.name), path.join(to, entry.name));
  }
  let copied = 0;
  for (const entry of entries.filter((each) => each.isDirectory())) {
    if (copied >= TRAINING_PACKETS) break;
    cpSync(path.join(from, entry.name), path.join(to, entry.name), { recursive: true });
    copied += packetsUnder(path.join(to, entry.name)).length;
  }
}

/**
 * Runs `packet validate`. Findings (exit 1) train the cache as well as a pass: a draft with
 * errors is part of writing a packet. A usage error or a crash is a failed training.
 */
function validate(repo: string, args: string[], env: NodeJS.ProcessEnv): void {
  const run = spawnSync(process.execPath, [COMMAND, 'validate', ...args], {
    cwd: repo,
    env,
    encoding: 'utf8',
  });
  if (run.status === 0 || run.status === 1) return;
  const said = (run.stderr || run.error?.message || '').trim().split('\n')[0];
  throw new Error(`packet validate ${args.join(' ')} ended ${run.status ?? run.signal}: ${said}`);
}

/** The first packet file under `folder`, in name order. */
function firstPacket(folder: string): string {
  const packets = packetsUnder(folder).sort();
  if (packets[0] === undefined) throw new Error(`no packet under ${folder}`);
  return packets[0];
}

function packetsUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}
