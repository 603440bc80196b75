/**
 * Run last in the build: makes the code cache the built command starts through (see
 * scripts/cli/launch.cts). It checks the shipped example packets in a temporary repository the
 * way a pull request is checked: once whole, which writes the tree index, then a commit that
 * changed one packet, against that index, with the objects packed as a fetch leaves them. V8
 * then keeps the compiled form of what that second run used.
 *
 * Without git, or when a run fails, the build goes on without a cache and says so: the command
 * is then slower to start, never different in what it finds.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { codeRootOf } from './code-root.js';

const ROOT = codeRootOf(import.meta.url);
const COMMAND = path.join(ROOT, 'dist/scripts/cli/packet.cjs');
/** Where the launcher keeps the cache, and the variable that has it write one at exit. */
const CODE_CACHE = path.join(ROOT, 'dist/scripts/cli/packet.code-cache');
const TRAIN_VARIABLE = 'PACKET_CODE_CACHE_TRAIN';

/** What a packet repository holds besides its packets' history. */
const REPOSITORY_PARTS = ['packets', 'schemas', '.github', 'CODEOWNERS'];

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

/** Runs `packet validate`, which must pass: the examples are valid packets. */
function validate(repo: string, args: string[], env: NodeJS.ProcessEnv): void {
  execFileSync(process.execPath, [COMMAND, 'validate', ...args], { cwd: repo, env, stdio: 'pipe' });
}

/** The first packet file under `folder`, in name order. */
function firstPacket(folder: string): string {
  const packets = readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.yaml'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  if (packets[0] === undefined) throw new Error(`no packet under ${folder}`);
  return packets[0];
}
