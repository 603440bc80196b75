/**
 * `packet validate --ref REV`: the packets as a commit holds them, not as the disk does. A pull
 * request's check runs on a checkout of the commit under review; read from git, its few changed
 * packets are found by comparing two trees (a handful of tree objects) instead of every file on
 * disk, and everything else comes from the tree index a whole run left.
 *
 * When the index cannot serve (none, another configuration, too many changes, a link), the
 * commit is checked whole: in place when the work tree is that commit, untouched, and otherwise
 * in a temporary checkout of it, which leaves a tree index for the next run.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { requestsByPath, type EvidenceFacts } from '../core/evidence/facts.js';
import { evidencePathProblem } from '../core/evidence/evidence-path.js';
import type { PacketFile } from '../core/packet/validate.js';
import type { PacketInput } from '../core/packet/rule.js';
import {
  planRecheck,
  recheckLimit,
  reportFromIndex,
  type TreeChanges,
} from '../core/packet/tree-index-plan.js';
import { IndexReader } from '../core/packet/tree-index.js';
import { configAtRef, type ConfigAtRef } from '../io/config-at-ref.js';
import { hasUnreadableName, isPacketPath, listPackets } from '../io/files.js';
import { diffTrees, readObjects, type TreeDifference } from '../io/git-at-ref.js';
import { DamagedCacheError, indexedTree, loadTreeIndex } from '../io/result-cache.js';
import { fingerprintOf, runExtra } from '../io/validator-fingerprint.js';
import type { RepositorySetup } from './validate-checking.js';
import type { EvidenceReader } from './validate-chunk.js';
import type { EngineOptions, EngineResult } from './validate-engine.js';

const git = promisify(execFile);

export interface RefOptions {
  root: string;
  rev: string;
  cacheFile?: string;
  configFiles: string[];
  workers?: number;
  skipExports: boolean;
  filedOn?: string;
}

/** How a run at a revision went: from the index, or checked whole (where). */
export type RefResult = EngineResult & { checkout?: 'in place' | 'temporary' };

export async function validateAtRef(options: RefOptions): Promise<RefResult> {
  // Git is asked everything at once, and the checks are loaded while it answers.
  const tree = options.cacheFile ? indexedTree(options.cacheFile) : undefined;
  const differences = tree ? diffTrees(options.root, tree, options.rev) : undefined;
  differences?.catch(() => undefined);
  const warm = tree ? import('./validate-chunk.js').catch(() => undefined) : undefined;
  const config = await configAtRef(options.root, options.rev, options.configFiles);

  const planned =
    config.configs && differences
      ? await fromIndex(options, config, await differences.catch(() => undefined), warm)
      : undefined;
  return planned ?? checkWhole(options, config.commit);
}

/** The run from the tree index, or undefined when it cannot stand for the commit. */
async function fromIndex(
  options: RefOptions,
  config: ConfigAtRef,
  differences: TreeDifference[] | undefined,
  warm: Promise<unknown> | undefined,
): Promise<RefResult | undefined> {
  // Step 1: the index, if it was made under the configuration the commit holds.
  const fingerprint = await fingerprintOf(runExtra(options, config.owners), config.configs!);
  const stored = loadTreeIndex<RepositorySetup>(options.cacheFile!, fingerprint);
  const changes = differences && changesUnderPackets(differences);
  if (!stored || !changes) return undefined;

  try {
    // Step 2: which packets to check, and their bytes at the commit.
    const reader = new IndexReader(stored.index);
    const plan = planRecheck(reader, changes, isPacketPath, stored.details);
    if (plan.recheck.length > recheckLimit(plan.count)) return undefined;
    const blobOf = new Map(differences.map((difference) => [difference.path, difference.id]));
    const files = await packetsAt(options, plan.recheck, blobOf);
    if (!files) return undefined;

    // Step 3: check them, the exports read at the commit too, then settle the rest.
    await warm;
    const { validateFiles } = await import('./validate-chunk.js');
    const request = {
      root: options.root,
      allocation: stored.setup.allocation,
      billingClose: stored.setup.billingClose,
      skipExports: options.skipExports,
      filedOn: options.filedOn,
    };
    const results = await validateFiles(request, files, exportsAt(options, request.allocation));
    const fresh = results.map((result) => result.outcome);
    const report = reportFromIndex(plan, fresh, stored.outcomes, stored.setup.findings);
    const checked = plan.recheck.length;
    return { report, checked, reused: plan.count - checked, workers: 0, via: 'index' };
  } catch (error) {
    // A damaged part of the index is read only now; an export that only a checkout reads right
    // (a link, a missing file) leaves it to one too.
    if (error instanceof DamagedCacheError || error instanceof NeedsCheckout) return undefined;
    throw error;
  }
}

/** The changes under packets/ as the plan takes them, or undefined for any but plain files. */
function changesUnderPackets(differences: readonly TreeDifference[]): TreeChanges | undefined {
  const plain = (mode: string) => mode === '100644' || mode === '100755';
  const here = new Set<string>();
  const gone = new Set<string>();
  const edited = new Set<string>();
  for (const { path: file, status, from, to } of differences) {
    if (!file.startsWith('packets/')) continue;
    // A name that is not UTF-8 reads back with U+FFFD; a newline cannot go in the index.
    if (hasUnreadableName(file) || file.includes('\n')) return undefined;
    if (status === 'A' && plain(to)) here.add(file);
    else if (status === 'M' && plain(from) && plain(to)) {
      here.add(file);
      edited.add(file);
    } else if (status === 'D' && plain(from)) gone.add(file);
    // A link, a submodule or a type change: a whole run reports those as it does on disk.
    else return undefined;
  }
  return { here, gone, edited };
}

/** The packets' bytes at the commit, by blob id where the diff gave one. */
async function packetsAt(
  options: RefOptions,
  paths: readonly string[],
  blobOf: ReadonlyMap<string, string>,
): Promise<PacketFile[] | undefined> {
  const names = paths.map((file) => blobOf.get(file) ?? `${options.rev}:${file}`);
  const objects = await readObjects(options.root, names);
  const files: PacketFile[] = [];
  for (const [at, file] of paths.entries()) {
    const object = objects.get(names[at]!);
    if (object?.type !== 'blob') return undefined;
    files.push({ path: file, bytes: object.bytes });
  }
  return files;
}

/** A plain file is all this run reads of an export at a commit; anything else needs a checkout. */
class NeedsCheckout extends Error {}

/** Reads the exports the packets cite at the commit, as bytes. */
function exportsAt(options: RefOptions, allocation: RepositorySetup['allocation']): EvidenceReader {
  return async (inputs: readonly PacketInput[]): Promise<Map<string, EvidenceFacts>> => {
    const { gatherEvidenceFromBytes } = await import('../io/evidence-bytes.js');
    // A path the rules refuse on its text is never looked up; they report it as they do on disk.
    const paths = [...requestsByPath(inputs).keys()].filter(
      (file) => evidencePathProblem(file) === undefined,
    );
    const bytes = new Map<string, Uint8Array>();
    if (paths.length > 0) {
      const blobs = await plainFilesAt(options, paths);
      const objects = await readObjects(options.root, [...blobs.values()]);
      for (const file of paths) {
        const object = objects.get(blobs.get(file)!);
        if (object?.type !== 'blob') throw new NeedsCheckout();
        bytes.set(file, object.bytes);
      }
    }
    return gatherEvidenceFromBytes(bytes, inputs, allocation);
  };
}

/** Each path's blob id at the commit; throws NeedsCheckout unless every one is a plain file. */
async function plainFilesAt(options: RefOptions, paths: readonly string[]) {
  const args = ['--literal-pathspecs', 'ls-tree', '-z', '--full-tree', options.rev, '--', ...paths];
  const { stdout } = await git('git', args, { cwd: options.root, maxBuffer: 64 * 1024 * 1024 });
  const blobs = new Map<string, string>();
  for (const record of stdout.split('\0')) {
    // "<mode> <type> <id>\t<path>"
    const tab = record.indexOf('\t');
    const [mode, type, id] = record.slice(0, tab).split(' ');
    if (tab > 0 && (mode === '100644' || mode === '100755') && type === 'blob') {
      blobs.set(record.slice(tab + 1), id!);
    }
  }
  if (paths.some((file) => !blobs.has(file))) throw new NeedsCheckout();
  return blobs;
}

/**
 * The whole commit checked as a run over the disk checks it: in place when the work tree is that
 * commit, untouched (no edit, no file git does not track, not even an ignored one, where a run
 * reads), else in a temporary checkout.
 */
async function checkWhole(options: RefOptions, commit: string): Promise<RefResult> {
  const { runValidation } = await import('./validate-engine.js');
  const run = (root: string) =>
    runValidation({
      root,
      paths: (stamps) => listPackets(root, stamps),
      wholeRepository: true,
      cacheFile: options.cacheFile,
      workers: options.workers,
      configFiles: options.configFiles,
      skipExports: options.skipExports,
      filedOn: options.filedOn,
    } satisfies EngineOptions);
  const gitHere = (...args: string[]) =>
    git('git', args, { cwd: options.root, maxBuffer: 256 * 1024 * 1024 }).then((r) => r.stdout);

  const head = await gitHere('rev-parse', '--verify', '--quiet', 'HEAD').catch(() => '');
  if (head.trim() === commit && (await untouched(options, gitHere))) {
    return { ...(await run(options.root)), checkout: 'in place' };
  }

  const folder = await mkdtemp(path.join(tmpdir(), 'packet-ref-'));
  const tree = path.join(folder, 'tree');
  try {
    // No hooks: checking a commit out to read it is not a checkout the user made.
    await gitHere(
      '-c',
      `core.hooksPath=${path.join(folder, 'no-hooks')}`,
      'worktree',
      'add',
      '--detach',
      '--quiet',
      tree,
      commit,
    );
    return { ...(await run(tree)), checkout: 'temporary' };
  } finally {
    await gitHere('worktree', 'remove', '--force', tree).catch(() => undefined);
    await rm(folder, { recursive: true, force: true });
    await gitHere('worktree', 'prune').catch(() => undefined);
  }
}

/** Whether nothing a run reads differs from HEAD in the work tree (git status says nothing). */
async function untouched(
  options: RefOptions,
  gitHere: (...args: string[]) => Promise<string>,
): Promise<boolean> {
  const paths = ['packets', ...options.configFiles];
  const status = await gitHere(
    '--no-optional-locks',
    '--literal-pathspecs',
    'status',
    '--porcelain',
    '-z',
    '--untracked-files=all',
    '--ignored=matching',
    '--',
    ...paths,
  ).catch(() => undefined);
  return status === '';
}
