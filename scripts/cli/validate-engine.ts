/**
 * Runs a validation of many packets quickly: results of unchanged files are reused from the cache
 * (keyed by git blob ids, which cost nothing to get), and the files that must be checked are
 * shared out across threads, one per core. Findings are the same whichever way a file was
 * checked: a cached result is the stored outcome of the very same check. The parser, schema and
 * rules are loaded only when some file has to be checked.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { EMPTY_ALLOCATION, type AllocationConfig } from '../core/evidence/allocation.js';
import type { BillingClose } from '../core/ownership/policy.js';
import type { Finding } from '../core/packet/finding.js';
import { buildReport, type FileOutcome, type ValidationReport } from '../core/packet/report.js';
import { listOwnerFolders } from '../io/repo-config.js';
import { loadCache, saveCache, type CacheEntry, type ResultCache } from '../io/result-cache.js';
import { specialEntryProblem } from '../io/tree-entries.js';
import { validatorFingerprint } from '../io/validator-fingerprint.js';
import { hashFromDisk, readWorkTree } from '../io/work-tree.js';
import type { ChunkRequest, ChunkResult } from './validate-chunk.js';
import { startPool } from './validate-pool.js';

/**
 * Files each extra thread must have to be worth starting. A worker loads the validator and warms
 * up its compiler afresh, and threads on a small machine slow each other down (on a 2-core
 * runner, two threads checked packets only about 15 % faster than one): measured there, 10,000
 * packets ran 5 % faster on one thread than on two, so a second thread starts above that.
 */
const FILES_PER_WORKER = 10_000;

/** PACKET_MIN_FILES_PER_WORKER lowers the threshold, so tests can run workers on small corpora. */
function filesPerWorker(env: NodeJS.ProcessEnv): number {
  const value = Number(env.PACKET_MIN_FILES_PER_WORKER);
  return Number.isInteger(value) && value > 0 ? value : FILES_PER_WORKER;
}

export interface EngineOptions {
  root: string;
  /** The files to check, or how to list them (run once git has been asked, beside it). */
  paths: readonly string[] | (() => Promise<readonly string[]>);
  /** The cache file, or undefined to check every file afresh. */
  cacheFile?: string;
  /** Threads to check files on at most, this one included (default: one per core). */
  workers?: number;
  /** Repository configuration files whose bytes change the results. */
  configFiles?: string[];
  /** Skip reading exports (hashes and totals); every other rule still runs. */
  skipExports?: boolean;
  /** The date the packets are being filed, when known. */
  filedOn?: string;
}

export interface EngineResult {
  report: ValidationReport;
  checked: number;
  reused: number;
  /** Worker threads started besides this one. */
  workers: number;
}

export async function runValidation(options: EngineOptions): Promise<EngineResult> {
  const { root } = options;
  const withCache = options.cacheFile !== undefined;
  // Git is asked first: its processes answer on the other core while this one lists the files
  // and reads the cache.
  const asked = readWorkTree(root, withCache);
  const listing =
    typeof options.paths === 'function' ? options.paths() : Promise.resolve(options.paths);

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
    withCache ? storedResults(options) : undefined,
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
  if (ids)
    await hashFromDisk(
      root,
      paths.filter((file) => !ids.has(file)),
      ids,
    );
  const cache: ResultCache<RepositorySetup> = (ids && stored?.cache) || { entries: new Map() };
  const outcomes = new Map<string, FileOutcome>();
  const toCheck: string[] = [];
  for (const file of paths) {
    const hit = early || !ids ? undefined : reusable(cache.entries.get(file), file, ids);
    if (hit) outcomes.set(file, hit);
    else toCheck.push(file);
  }

  // Step 2: check the rest on every thread (unless that is under way already).
  const { results, setup, workers } = await (early ?? checkFiles(options, toCheck, cache.setup));

  // Step 3: remember what was checked, then report in path order.
  for (const result of results) outcomes.set(result.outcome.path, result.outcome);
  const changed = remember(results, ids, cache, setup);
  if (ids && stored && changed) {
    await saveCache(stored.file, stored.fingerprint, cache).catch(() => undefined);
  }
  const ordered = [
    ...specialOutcomes,
    ...paths.map((file) => outcomes.get(file)).filter((outcome) => outcome !== undefined),
  ];
  const report = buildReport(ordered, setup.findings);
  return { report, checked: toCheck.length, reused: paths.length - toCheck.length, workers };
}

interface Checked {
  results: ChunkResult[];
  setup: RepositorySetup;
  workers: number;
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

/**
 * Checks files on every thread, starting as soon as the configuration the checks use is read;
 * the findings about the configuration itself are gathered meanwhile. `known` is the setup the
 * cache kept, when it did.
 */
async function checkFiles(
  options: EngineOptions,
  files: readonly string[],
  known: RepositorySetup | undefined,
): Promise<Checked> {
  if (files.length === 0 && known) return { results: [], setup: known, workers: 0 };
  const cores = options.workers ?? availableParallelism();
  const threads = Math.min(cores, Math.ceil(files.length / filesPerWorker(process.env)));
  const pool = startPool(Math.max(0, threads - 1));

  const steps = known ? undefined : readSetup(options.root, options.skipExports !== true);
  steps?.complete.catch(() => undefined);
  let forChecks: Pick<RepositorySetup, 'allocation' | 'billingClose'>;
  try {
    forChecks = known ?? (await steps!.forChecks);
  } catch (error) {
    await pool.close();
    throw error;
  }
  const request: Omit<ChunkRequest, 'paths'> = {
    root: options.root,
    allocation: forChecks.allocation,
    skipExports: options.skipExports,
    billingClose: forChecks.billingClose,
    filedOn: options.filedOn,
  };
  const results = await pool.check(request, files);
  return { results, setup: known ?? (await steps!.complete), workers: pool.workers };
}

/** The cache of the last run under this run's fingerprint (empty if anything changed). */
async function storedResults(options: EngineOptions) {
  const file = options.cacheFile!;
  const owners = await listOwnerFolders(options.root);
  const extraKey = JSON.stringify([options.skipExports === true, options.filedOn ?? '', owners]);
  const fingerprint = await validatorFingerprint(options.root, options.configFiles ?? [], extraKey);
  return { file, fingerprint, cache: loadCache<RepositorySetup>(file, fingerprint) };
}

/**
 * What every check of this repository shares: the allocation config, the policy's close rule,
 * and the findings about the configuration itself (allocation, policy, CODEOWNERS mapping).
 */
export interface RepositorySetup {
  allocation: AllocationConfig;
  billingClose?: BillingClose;
  findings: Finding[];
}

export async function loadSetup(root: string): Promise<RepositorySetup> {
  return readSetup(root, true).complete;
}

/**
 * Reads the configuration in the order the checks need it: first what checking a file uses (the
 * close rule, and the allocation when exports are read), so checking can start while the rest is
 * read; then the findings about the configuration itself (allocation, policy, CODEOWNERS).
 */
function readSetup(root: string, withAllocation: boolean) {
  const repoChecks = import('./repo-checks.js');
  const allocationOf = async () => (await import('../io/evidence.js')).loadAllocation(root);

  const policy = repoChecks.then((m) => m.readPolicy(root));
  const early = withAllocation ? policy.then(() => allocationOf()) : undefined;
  const forChecks = Promise.all([policy, early]).then(([read, allocation]) => ({
    billingClose: read.policy?.billingClose,
    allocation: allocation?.config ?? EMPTY_ALLOCATION,
  }));

  const complete = forChecks.then(async (): Promise<RepositorySetup> => {
    const read = await policy;
    const allocation = await (early ?? allocationOf());
    const owners = await (await repoChecks).checkOwners(root, read.policy);
    return {
      allocation: allocation.config,
      billingClose: read.policy?.billingClose,
      findings: [...allocation.findings, ...read.findings, ...owners],
    };
  });
  return { forChecks, complete };
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
