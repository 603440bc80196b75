/**
 * `packet validate --ref REV`: the packets as a commit holds them, not as the disk does. A pull
 * request's check runs on a checkout of the commit under review; read from git, its few changed
 * packets are found by comparing two trees (a handful of tree objects) instead of every file on
 * disk, and everything else comes from the tree index a whole run left.
 *
 * When the index cannot serve (none, another configuration, too many changes, a link), the
 * commit is checked whole: in place when the work tree is that commit, untouched, and otherwise
 * in a temporary checkout of it; either leaves a tree index for the next run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AllocationConfig } from '../core/evidence/allocation.js';
import type { EvidenceFacts } from '../core/evidence/facts.js';
import type { PacketFile } from '../core/packet/validate.js';
import type { PacketInput } from '../core/packet/rule.js';
import {
  planRecheck,
  recheckLimit,
  reportFromIndex,
  type TreeChanges,
} from '../core/packet/tree-index-plan.js';
import { attributesMayConvert, configMayConvert } from '../io/checkout-bytes.js';
import { execFileAsync as git } from '../io/child-process.js';
import { configAtRef, type ConfigAtRef } from '../io/config-at-ref.js';
import { objectFilesAt, readingFilesFirst } from '../io/git-object-files.js';
import { hasUnreadableName, isPacketPath, listPackets } from '../io/files.js';
import {
  diffListings,
  GitError,
  listingOf,
  MissingObject,
  ObjectStore,
  type GitObject,
  type GitTreeEntry,
  type ReadObjects,
  type TreeDifference,
} from '../io/git-at-ref.js';
import { DamagedCacheError, indexedTree, readTreeIndex, treeIndexFor } from '../io/result-cache.js';
import { fingerprintOf, runExtra } from '../io/validator-fingerprint.js';
import type { RepositorySetup } from './validate-checking.js';
import type { EvidenceReader } from './validate-chunk.js';
import type { EngineOptions, EngineResult } from './validate-engine.js';

export interface RefOptions {
  root: string;
  rev: string;
  cacheFile?: string;
  configFiles: string[];
  workers?: number;
  skipExports: boolean;
  filedOn?: string;
}

type IndexReadAhead = ReturnType<typeof readTreeIndex<RepositorySetup>>;

/** How a run at a revision went: from the index, or checked whole (where). */
export type RefResult = EngineResult & { checkout?: 'in place' | 'temporary' };

export async function validateAtRef(options: RefOptions): Promise<RefResult> {
  const tree = options.cacheFile ? indexedTree(options.cacheFile) : undefined;
  // Objects come from the repository's files where they can, else from one git process,
  // started when first needed: starting it costs more than a pull request's checks.
  let store: ObjectStore | undefined;
  const viaGit: ReadObjects = (names) => (store ??= new ObjectStore(options.root)).read(names);
  const read = readingFilesFirst(objectFilesAt(options.root), viaGit);
  try {
    // The commit and the indexed tree's packets/ (and top attributes) are asked for at once;
    // the checks load meanwhile.
    const indexed = tree ? read([`${tree}:packets`, `${tree}:.gitattributes`]) : undefined;
    indexed?.catch(() => undefined);
    const warm = tree ? import('./validate-chunk.js').catch(() => undefined) : undefined;
    const asked = configAtRef(read, options.rev, options.configFiles);
    // The index does not depend on those answers: it is read while git looks them up.
    const ahead = tree ? readTreeIndex<RepositorySetup>(options.cacheFile!) : undefined;
    const config = await asked;

    const planned =
      config.configs && tree && indexed
        ? await fromIndex(options, read, config, { tree, objects: indexed, ahead }, warm)
        : undefined;
    if (planned && planned !== CONVERTS) return planned;
    // The checkout's run reads the disk: git's batch is no longer needed.
    store?.close();
    return await checkWhole(options, config, planned !== CONVERTS);
  } finally {
    store?.close();
  }
}

/** The run from the tree index, or undefined when it cannot stand for the commit. */
async function fromIndex(
  options: RefOptions,
  read: ReadObjects,
  config: ConfigAtRef,
  indexed: { tree: string; objects: Promise<Map<string, GitObject>>; ahead: IndexReadAhead },
  warm: Promise<unknown> | undefined,
): Promise<RefResult | undefined | typeof CONVERTS> {
  // Step 1: the index, if it was made under the configuration the commit holds.
  const fingerprint = await fingerprintOf(runExtra(options, config.owners), config.configs!);
  const stored = treeIndexFor(indexed.ahead, fingerprint);
  if (!stored || !config.packets) return undefined;
  // The tree asked about was read from the file's header, which no digest covers: it must be
  // the one the index itself (checked against its digest) was made on.
  if (stored.index.tree !== indexed.tree) return undefined;
  // Blobs stand for a checkout's files only where git converts nothing on the way out, and the
  // results the index keeps only where the attributes are those it was made under.
  if (configMayConvert(options.root)) return CONVERTS;
  const before = await indexed.objects;
  const attributes = config.root.find((entry) => entry.name === '.gitattributes');
  if (before.get(`${indexed.tree}:.gitattributes`)?.id !== attributes?.id) return CONVERTS;

  try {
    // Step 2: what differs from the indexed tree under packets/, and which packets to check.
    const differences = await diffListings(
      read,
      'packets',
      listingOf(before.get(`${indexed.tree}:packets`)),
      config.packets,
    );
    if (differences.some((difference) => difference.path.endsWith('/.gitattributes'))) {
      return CONVERTS;
    }
    const changes = changesUnderPackets(differences);
    if (!changes) return undefined;
    const converts = conversionCheck(read, config);
    const { reader } = stored;
    const plan = planRecheck(reader, changes, isPacketPath, stored.details);
    if (plan.recheck.length > recheckLimit(plan.count)) return undefined;

    // Step 3: their bytes at the commit, by blob id where the comparison gave one.
    await converts(plan.recheck);
    const blobOf = new Map(differences.map((difference) => [difference.path, difference.id]));
    // The commit's id, not the name given: a branch that moves meanwhile is not read twice.
    const names = plan.recheck.map((file) => blobOf.get(file) ?? `${config.commit}:${file}`);
    const objects = await read(names);
    const files: PacketFile[] = plan.recheck.map((file, at) => {
      const object = objects.get(names[at]!);
      if (object?.type !== 'blob') throw new MissingObject();
      return { path: file, bytes: object.bytes };
    });

    // Step 4: check them, the exports read at the commit too, then settle the rest.
    await warm;
    const { validateFiles } = await import('./validate-chunk.js');
    const request = {
      root: options.root,
      allocation: stored.setup.allocation,
      billingClose: stored.setup.billingClose,
      skipExports: options.skipExports,
      filedOn: options.filedOn,
    };
    const evidence = exportsAt(config.commit, read, request.allocation, converts);
    const results = await validateFiles(request, files, evidence);
    const fresh = results.map((result) => result.outcome);
    const report = reportFromIndex(plan, fresh, stored.outcomes, stored.setup.findings);
    const checked = plan.recheck.length;
    return { report, checked, reused: plan.count - checked, workers: 0, via: 'index' };
  } catch (error) {
    if (error instanceof Converts) return CONVERTS;
    // A damaged part of the index is read only now; an object a shallow clone lacks, or an
    // export only a checkout reads right (a link, a folder missing), leaves it to a checkout too.
    if (
      error instanceof DamagedCacheError ||
      error instanceof NeedsCheckout ||
      error instanceof MissingObject
    ) {
      return undefined;
    }
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

/** A plain file is all this run reads of an export at a commit; anything else needs a checkout. */
class NeedsCheckout extends Error {}

/**
 * Git may convert what a checkout writes (line ends, filters): the blobs do not stand for the
 * files, and neither do results kept by blob id (the index's, the cache of files'), made from
 * the files of another checkout. The commit is checked out and checked afresh.
 */
const CONVERTS = 'converts';
class Converts extends NeedsCheckout {}

/**
 * Throws NeedsCheckout when a `.gitattributes` in any folder holding one of the files (up to the
 * commit's top) may convert what a checkout writes, or is not a plain file. Each folder is read
 * once however many files it holds.
 */
function conversionCheck(read: ReadObjects, config: ConfigAtRef) {
  // Each folder is found in its parent's listing, by id: looked up by path from the commit, each
  // would have packets/ (a folder per owner) read again.
  const listings = new Map<string, Promise<readonly GitTreeEntry[] | undefined>>([
    ['', Promise.resolve(config.root)],
    ['packets', Promise.resolve(config.packets)],
  ]);
  const listingAt = (folder: string): Promise<readonly GitTreeEntry[] | undefined> => {
    let listing = listings.get(folder);
    if (!listing) {
      const slash = folder.lastIndexOf('/');
      const parent = listingAt(slash < 0 ? '' : folder.slice(0, slash));
      // A name read back with U+FFFD may stand for several: git finds the one with its bytes.
      listing = folder.includes('\uFFFD')
        ? folderAt(read, `${config.commit}:${folder}`)
        : folderIn(read, parent, folder.slice(slash + 1));
      listings.set(folder, listing);
    }
    return listing;
  };
  const judge = async (folder: string): Promise<boolean> => {
    const listing = await listingAt(folder);
    // A folder that is not one in the commit holds no file either; the reading of the file says so.
    return listing ? attributesIn(read, listing) : false;
  };
  const judged = new Map<string, Promise<boolean>>([
    ['', judge('')],
    ['packets', judge('packets')],
  ]);
  return async (files: readonly string[]): Promise<void> => {
    const folders = new Set<string>();
    for (const file of files) {
      for (let at = file.indexOf('/'); at >= 0; at = file.indexOf('/', at + 1)) {
        folders.add(file.slice(0, at));
      }
    }
    for (const folder of folders) if (!judged.has(folder)) judged.set(folder, judge(folder));
    const answers = await Promise.all([...judged.values()]);
    if (answers.some(Boolean)) throw new Converts();
  };
}

/** The listing of the folder `name` in a parent's listing; none if it is not a folder there. */
async function folderIn(
  read: ReadObjects,
  parent: Promise<readonly GitTreeEntry[] | undefined>,
  name: string,
): Promise<readonly GitTreeEntry[] | undefined> {
  const entry = (await parent)?.find((candidate) => candidate.name === name);
  return entry?.mode === '040000' ? folderAt(read, entry.id) : undefined;
}

/** The listing of the folder git names `name` (`<commit>:<path>`); none if it is not a folder. */
async function folderAt(
  read: ReadObjects,
  name: string,
): Promise<readonly GitTreeEntry[] | undefined> {
  const tree = (await read([name])).get(name);
  return tree?.type === 'tree' ? listingOf(tree) : undefined;
}

/** Whether a folder's `.gitattributes` may convert what a checkout writes (see checkout-bytes). */
async function attributesIn(read: ReadObjects, listing: readonly GitTreeEntry[]) {
  const entry = listing.find((e) => e.name === '.gitattributes');
  if (!entry) return false;
  if (entry.mode !== '100644' && entry.mode !== '100755') return true;
  const blob = (await read([entry.id])).get(entry.id);
  return blob?.type !== 'blob' || attributesMayConvert(blob.bytes.toString('utf8'));
}

/** Reads the exports the packets cite at the commit, as bytes. */
function exportsAt(
  rev: string,
  read: ReadObjects,
  allocation: AllocationConfig,
  converts: (files: readonly string[]) => Promise<void>,
): EvidenceReader {
  return async (inputs: readonly PacketInput[]): Promise<Map<string, EvidenceFacts>> => {
    // Loaded here: a run that skips the exports never needs their readers.
    const { gatherEvidenceFromBytes } = await import('../io/evidence-bytes.js');
    const { requestsByPath } = await import('../core/evidence/facts.js');
    const { evidencePathProblem } = await import('../core/evidence/evidence-path.js');
    // A path the rules refuse on its text is never looked up; they report it as they do on disk.
    const paths = [...requestsByPath(inputs).keys()].filter(
      (file) => evidencePathProblem(file) === undefined,
    );
    const blobs = await plainFilesAt(rev, read, paths);
    await converts([...blobs.keys()]);
    const objects = await read([...blobs.values()]);
    const bytes = new Map<string, Uint8Array>();
    for (const file of paths) {
      const id = blobs.get(file);
      // Not in the commit: the rules report it missing, as they do on a checkout of it.
      if (id === undefined) continue;
      const object = objects.get(id);
      if (object?.type !== 'blob') throw new NeedsCheckout();
      bytes.set(file, object.bytes);
    }
    return gatherEvidenceFromBytes(bytes, inputs, allocation);
  };
}

/**
 * Each path's blob id at the commit, from its folder's listing; none for a path its folder lacks
 * (`<rev>:<folder>` walks real folders only, so a checkout lacks it too). Throws NeedsCheckout
 * unless every other path is a plain file there (a folder that is a link, or missing, has no
 * listing).
 */
async function plainFilesAt(rev: string, read: ReadObjects, paths: readonly string[]) {
  const folderOf = (file: string) =>
    file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
  const folders = [...new Set(paths.map(folderOf))];
  const names = folders.map((folder) => `${rev}:${folder}`);
  const listings = await read(names);
  const blobs = new Map<string, string>();
  for (const file of paths) {
    const listing = listings.get(`${rev}:${folderOf(file)}`);
    const name = file.slice(file.lastIndexOf('/') + 1);
    if (listing?.type !== 'tree') throw new NeedsCheckout();
    // A name that is not UTF-8 reads back with U+FFFD, as does the text U+FFFD itself: a checkout
    // opens only the latter, by its bytes.
    if (hasUnreadableName(name)) throw new NeedsCheckout();
    const entries = listingOf(listing);
    const entry = entries.find((e) => e.name === name);
    if (entry === undefined) {
      // Unless a file system that ignores case (or normalises names) would open another.
      if (entries.some((e) => folded(e.name) === folded(name))) throw new NeedsCheckout();
      continue;
    }
    if (entry.mode !== '100644' && entry.mode !== '100755') throw new NeedsCheckout();
    blobs.set(file, entry.id);
  }
  return blobs;
}

function folded(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/**
 * The whole commit checked as a run over the disk checks it: in place when the work tree is that
 * commit, untouched (no edit, no file git does not track, not even an ignored one, where a run
 * reads), else in a temporary checkout. Without `reuse`, no result is taken from the cache.
 */
async function checkWhole(
  options: RefOptions,
  config: ConfigAtRef,
  reuse: boolean,
): Promise<RefResult> {
  const { commit } = config;
  const { runValidation } = await import('./validate-engine.js');
  const run = (root: string) =>
    runValidation({
      root,
      paths: (stamps) => listPackets(root, stamps),
      wholeRepository: true,
      cacheFile: reuse ? options.cacheFile : undefined,
      workers: options.workers,
      configFiles: options.configFiles,
      skipExports: options.skipExports,
      filedOn: options.filedOn,
    } satisfies EngineOptions);
  const gitIn = (cwd: string, args: string[]) =>
    git('git', args, { cwd, maxBuffer: 256 * 1024 * 1024 }).then(
      (result) => result.stdout,
      (error: { stderr?: string }) => {
        throw new GitError(args, String(error.stderr ?? '').trim());
      },
    );
  const gitHere = (...args: string[]) => gitIn(options.root, args);

  const head = await gitHere('rev-parse', '--verify', '--quiet', 'HEAD').catch(() => '');
  if (head.trim() === commit && (await untouched(options, config.owners, gitHere))) {
    return { ...(await run(options.root)), checkout: 'in place' };
  }

  // A clone sharing this repository's objects (none are copied), with a .git folder of its own:
  // a run there reads git's records as it does here, and leaves a tree index for the commit.
  const folder = await mkdtemp(path.join(tmpdir(), 'packet-ref-'));
  const tree = path.join(folder, 'tree');
  try {
    await gitHere('clone', '--quiet', '--shared', '--no-checkout', '--', options.root, tree);
    // No hooks: checking a commit out to read it is not a checkout the user made.
    const hooks = `core.hooksPath=${path.join(folder, 'no-hooks')}`;
    await gitIn(tree, ['-c', hooks, 'checkout', '--quiet', '--detach', commit]);
    return { ...(await run(tree)), checkout: 'temporary' };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/**
 * Whether nothing a run reads differs from HEAD in the work tree: git status says nothing, git
 * compares every file there with the disk (none marked assume-unchanged or skip-worktree, which
 * status does not report), and the owner folders on disk are the commit's (an empty folder, which
 * git does not track, still counts as one).
 */
async function untouched(
  options: RefOptions,
  owners: readonly string[],
  gitHere: (...args: string[]) => Promise<string>,
): Promise<boolean> {
  const { listOwnerFolders } = await import('../io/repo-config.js');
  const onDisk = await listOwnerFolders(options.root).catch(() => undefined);
  if (onDisk?.join('\n') !== owners.join('\n')) return false;
  const paths = ['packets', ...options.configFiles];
  // `ls-files -v` tags each file H, unless git does not compare it with the disk (S for
  // skip-worktree, a lower-case tag for assume-unchanged) or it is unmerged.
  const tags = await gitHere(
    '--no-optional-locks',
    '--literal-pathspecs',
    'ls-files',
    '-v',
    '-z',
    '--',
    ...paths,
  ).catch(() => undefined);
  if (tags === undefined || tags.split('\0').some((entry) => entry !== '' && entry[0] !== 'H')) {
    return false;
  }
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
