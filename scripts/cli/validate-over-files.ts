/**
 * A run over every file listed: results of unchanged files are reused from the cache (keyed by
 * git blob ids, which cost nothing to get), the rest are checked across threads, and a run over
 * the whole repository leaves a tree index for the next one.
 */
import { existsSync } from 'node:fs';
import type { Finding } from '../core/packet/finding.js';
import { assembleReport, crossFileFindings, type FileOutcome } from '../core/packet/report.js';
import { indexTree } from '../core/packet/tree-index.js';
import { positionIn } from '../core/sorted-text.js';
import { isPacketPath } from '../io/files.js';
import type { FolderStamps } from '../io/folder-stamps.js';
import { loadCache, saveCache, type CacheEntry, type ResultCache } from '../io/result-cache.js';
import { specialEntryProblem } from '../io/tree-entries.js';
import { runFingerprint } from '../io/validator-fingerprint.js';
import { hashFromDisk, readWorkTree, type HeadFacts } from '../io/work-tree.js';
import type { ChunkResult } from './validate-chunk.js';
import { checkFiles, type Checked, type RepositorySetup } from './validate-checking.js';
import type { EngineOptions, EngineResult } from './validate-engine.js';
import type { Unplanned } from './validate-from-index.js';

/**
 * Lists every file and reuses what the cache holds for each. After an attempt the index could
 * not plan, that attempt's fingerprint is reused, and with `refresh` the cache (and a new tree
 * index) is written even when few files were checked: the index the run found could not serve.
 */
export async function runOverFiles(
  options: EngineOptions,
  after?: Unplanned,
): Promise<EngineResult> {
  const refresh = after?.refresh === true;
  const { root } = options;
  const withCache = options.cacheFile !== undefined;
  // Git is asked first: its processes answer on the other core while this one lists the files
  // and reads the cache.
  const asked = readWorkTree(root, withCache);
  const stamps: FolderStamps = new Map();
  const listing =
    typeof options.paths === 'function'
      ? options.paths(options.wholeRepository ? stamps : undefined)
      : Promise.resolve(options.paths);

  // A run with no cache to read checks every file listed: it starts as soon as the files are
  // listed and the policy is read, while git answers on the side (its view is needed only to
  // report links and submodules, whose own results are then set aside, and to fill the cache).
  const cold = !withCache || !existsSync(options.cacheFile!);
  const early = cold ? checkEverything(options, listing) : undefined;

  // Step 0, side by side: git's view of the work tree (blob ids, symlinks and submodules, which
  // are reported and never read), the list of files, and the cache written by the last run.
  const [tree, listed, stored] = await Promise.all([
    asked,
    listing,
    withCache ? storedResults(options, after?.fingerprint) : undefined,
  ]).catch(async (error: unknown) => {
    // Workers already started would keep the process alive after the error.
    await early?.catch(() => undefined);
    throw error;
  });
  const special = tree?.special ?? [];
  const specialOutcomes = special.map((entry) => specialOutcome(entry.path, entry.kind));
  const paths = listed.filter(
    (file) => !special.some((e) => file === e.path || file.startsWith(`${e.path}/`)),
  );

  // Step 1: what can be reused. Packets git does not track (new, or ignored) are hashed here.
  const ids = withCache ? tree?.ids : undefined;
  const untracked = new Set(ids ? paths.filter((file) => !ids.has(file)) : []);
  if (ids) await hashFromDisk(root, [...untracked], ids);
  const cache: ResultCache<RepositorySetup> = (ids && stored?.cache) || { entries: new Map() };
  const outcomes = new Map<string, FileOutcome>();
  const cites = new Map<string, readonly string[]>();
  const toCheck: string[] = [];
  for (const file of paths) {
    const entry = cache.entries.get(file);
    const hit = early || !ids ? undefined : reusable(entry, file, ids);
    if (hit) {
      outcomes.set(file, hit);
      cites.set(file, Object.keys(entry!.evidence));
    } else toCheck.push(file);
  }

  // Step 2: check the rest on every thread (unless that is under way already).
  const { results, setup, workers } = await (early ?? checkFiles(options, toCheck, cache.setup));

  // Step 3: remember what was checked, then report in path order.
  for (const result of results) {
    outcomes.set(result.outcome.path, result.outcome);
    cites.set(result.outcome.path, result.evidencePaths);
  }
  const ordered = paths
    .map((file) => outcomes.get(file))
    .filter((outcome) => outcome !== undefined);
  const cross = crossFileFindings(ordered);
  const changed = remember(results, ids, cache, setup);
  if (ids && stored && (changed || refresh)) {
    const head = tree?.head;
    const index =
      options.wholeRepository && head && special.length === 0 && stamps.size > 0
        ? indexOfRun(head, ordered, cross, { cites, ids, untracked, results, stamps })
        : undefined;
    await saveCache(stored.file, stored.fingerprint, cache, index).catch(() => undefined);
  }
  const report = assembleReport([...specialOutcomes, ...ordered], setup.findings, cross);
  const reused = paths.length - toCheck.length;
  const via = reused > 0 ? 'cache' : 'none';
  return { report, checked: toCheck.length, reused, workers, via };
}

/** Checks every file as soon as it is listed (a cold run). */
function checkEverything(
  options: EngineOptions,
  listing: Promise<readonly string[]>,
): Promise<Checked> {
  const done = listing.then((files) => checkFiles(options, files, undefined));
  // Awaited later; until then a failure must not count as unhandled.
  done.catch(() => undefined);
  return done;
}

/** The cache of the last run under this run's fingerprint (empty if anything changed). */
async function storedResults(options: EngineOptions, known?: string) {
  const file = options.cacheFile!;
  const fingerprint = known ?? (await runFingerprint(options));
  return { file, fingerprint, cache: loadCache<RepositorySetup>(file, fingerprint) };
}

/**
 * The tree index of this run, measured against HEAD, or undefined when the run cannot leave one
 * that a later run could trust: a packet of HEAD is missing from the disk, or git was told not to
 * compare some file with the disk. A packet whose result holds for this run only (not HEAD's
 * bytes, or citing an export that is not) is marked to be checked again every time.
 */
function indexOfRun(
  head: HeadFacts,
  ordered: readonly FileOutcome[],
  cross: ReadonlyMap<string, Finding[]>,
  run: {
    cites: ReadonlyMap<string, readonly string[]>;
    ids: ReadonlyMap<string, string>;
    untracked: ReadonlySet<string>;
    results: readonly ChunkResult[];
    stamps: ReadonlyMap<string, string>;
  },
) {
  if (head.unwatched) return undefined;
  // The packets are in path order: the few paths to look up are searched, not put in a set.
  const paths = ordered.map((outcome) => outcome.path);
  const listed = (file: string) => positionIn(paths, file) >= 0;
  // The index joins paths with newlines; a path holding one (git allows it) cannot go in.
  if (paths.some((file) => file.includes('\n'))) return undefined;
  for (const file of head.differs) {
    if (isPacketPath(file) && !head.added.has(file) && !listed(file)) return undefined;
  }

  // Outside the tree: staged to be added, or untracked and not HEAD's. An untracked packet that
  // HEAD differs on is HEAD's, its removal staged (`git rm --cached`): once git tracks it again
  // unchanged, no git listing names it, and it must not be taken for gone.
  const outside = new Set(
    [...run.untracked, ...head.added].filter(
      (file) => listed(file) && (head.added.has(file) || !head.differs.has(file)),
    ),
  );
  const asInHead = (file: string) =>
    run.ids.has(file) && !run.untracked.has(file) && !head.differs.has(file);
  const redo = new Set(run.results.filter((r) => !r.cacheable).map((r) => r.outcome.path));
  for (const file of paths) {
    const cited = run.cites.get(file) ?? [];
    // An export that is itself a packet's path is listed, not watched as an export: such a
    // packet is checked every time.
    if (
      outside.has(file) ||
      !asInHead(file) ||
      cited.some((cite) => !asInHead(cite) || isPacketPath(cite))
    ) {
      redo.add(file);
    }
  }
  const facts = { cites: run.cites, redo, outside, folders: run.stamps };
  return indexTree(head.tree, ordered, cross, facts);
}

function specialOutcome(file: string, kind: 'symlink' | 'submodule'): FileOutcome {
  const problem = specialEntryProblem(kind);
  const finding = { ...problem, severity: 'error' as const, file, line: 1, column: 1, field: '' };
  return { path: file, findings: [finding] };
}

function reusable(entry: CacheEntry | undefined, file: string, ids: Map<string, string>) {
  if (!entry || entry.blob !== ids.get(file)) return undefined;
  for (const evidence in entry.evidence) {
    if ((ids.get(evidence) ?? null) !== entry.evidence[evidence]) return undefined;
  }
  return entry.outcome;
}

/**
 * A run that checked only a few files among many leaves the cache file as it was: writing every
 * entry again costs more than checking those few files once more next time (an entry is reused
 * only for the very bytes it was made from, so a stale one is never wrong, only unused).
 */
const FRESH_RESULTS_WORTH_SAVING = 100;

/** Stores fresh results in the cache; true when they are worth writing to the cache file. */
function remember(
  results: ChunkResult[],
  ids: Map<string, string> | undefined,
  cache: ResultCache<RepositorySetup>,
  setup: RepositorySetup,
): boolean {
  const worthSaving =
    cache.setup === undefined ||
    results.length >= FRESH_RESULTS_WORTH_SAVING ||
    results.length * 20 >= cache.entries.size;
  cache.setup = setup;
  for (const result of results) {
    const blob = ids?.get(result.outcome.path);
    if (!ids || !blob || !result.cacheable) {
      cache.entries.delete(result.outcome.path);
      continue;
    }
    // A result is reused only if every export it read has a blob id now and then: an export git
    // ignores, a link or a missing file would otherwise let an edit go unseen.
    if (result.evidencePaths.some((p) => !ids.has(p))) {
      cache.entries.delete(result.outcome.path);
      continue;
    }
    const evidence = Object.fromEntries(result.evidencePaths.map((p) => [p, ids.get(p) ?? null]));
    cache.entries.set(result.outcome.path, { blob, evidence, outcome: result.outcome });
  }
  return results.length > 0 && worthSaving;
}
