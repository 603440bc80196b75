/**
 * Runs a validation of many packets quickly: results of unchanged files are reused from the cache
 * (keyed by git blob ids, which cost nothing to get), and the files that must be checked are
 * split across worker threads, one per core. Findings are the same whichever way a file was
 * checked: a cached result is the stored outcome of the very same check. The parser, schema and
 * rules are loaded only when some file has to be checked.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { AllocationConfig } from '../core/evidence/allocation.js';
import type { BillingClose } from '../core/ownership/policy.js';
import type { Finding } from '../core/packet/finding.js';
import { buildReport, type FileOutcome, type ValidationReport } from '../core/packet/report.js';
import { blobIdsOnDisk } from '../io/git-blobs.js';
import { listOwnerFolders } from '../io/repo-config.js';
import { loadCache, saveCache, type CacheEntry, type ResultCache } from '../io/result-cache.js';
import { validatorFingerprint } from '../io/validator-fingerprint.js';
import type { ChunkRequest, ChunkResult } from './validate-chunk.js';
import { listSpecialTreeEntries, specialEntryProblem } from '../io/tree-entries.js';

/**
 * Files a worker must have to be worth starting: each worker loads the validator afresh (about
 * a quarter of a second), which a few thousand packets repay.
 */
const FILES_PER_WORKER = 2500;

/** PACKET_MIN_FILES_PER_WORKER lowers the threshold, so tests can run workers on small corpora. */
function filesPerWorker(env: NodeJS.ProcessEnv): number {
  const value = Number(env.PACKET_MIN_FILES_PER_WORKER);
  return Number.isInteger(value) && value > 0 ? value : FILES_PER_WORKER;
}

export interface EngineOptions {
  root: string;
  paths: string[];
  /** The cache file, or undefined to check every file afresh. */
  cacheFile?: string;
  /** Worker threads to use at most (default: one per core). */
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
  workers: number;
}

export async function runValidation(options: EngineOptions): Promise<EngineResult> {
  const { root } = options;

  // Step 0: symlinks and submodules as git records them; they are reported, never read.
  // Both ask git about the work tree; they run side by side.
  const [listed, ids] = await Promise.all([
    listSpecialTreeEntries(root),
    options.cacheFile ? blobIdsOnDisk(root, '.') : Promise.resolve(undefined),
  ]);
  const special = listed ?? [];
  const specialOutcomes = special.map((entry) => specialOutcome(entry.path, entry.kind));
  const paths = options.paths.filter(
    (file) => !special.some((e) => file === e.path || file.startsWith(`${e.path}/`)),
  );

  // Step 1: what can be reused.
  const owners = await listOwnerFolders(root);
  const extraKey = JSON.stringify([options.skipExports === true, options.filedOn ?? '', owners]);
  const fingerprint = ids
    ? await validatorFingerprint(root, options.configFiles ?? [], extraKey)
    : '';
  const cache: ResultCache<RepositorySetup> =
    ids && options.cacheFile
      ? await loadCache(options.cacheFile, fingerprint)
      : { entries: new Map() };
  const outcomes = new Map<string, FileOutcome>();
  const toCheck: string[] = [];
  for (const file of paths) {
    const hit = ids ? reusable(cache.entries.get(file), file, ids) : undefined;
    if (hit) outcomes.set(file, hit);
    else toCheck.push(file);
  }

  // Step 2: check the rest, in parallel when there are many.
  const setup = cache.setup ?? (await loadSetup(root));
  let results: ChunkResult[] = [];
  let workers = 0;
  if (toCheck.length > 0) {
    const cores = options.workers ?? availableParallelism();
    workers = Math.max(1, Math.min(cores, Math.ceil(toCheck.length / filesPerWorker(process.env))));
    const request: Omit<ChunkRequest, 'paths'> = {
      root,
      allocation: setup.allocation,
      skipExports: options.skipExports,
      billingClose: setup.billingClose,
      filedOn: options.filedOn,
    };
    results = await checkFiles(request, toCheck, workers);
  }

  // Step 3: remember what was checked, then report in path order.
  for (const result of results) outcomes.set(result.outcome.path, result.outcome);
  const changed = remember(results, ids, cache, setup);
  if (ids && options.cacheFile && changed) {
    await saveCache(options.cacheFile, fingerprint, cache).catch(() => undefined);
  }
  const ordered = [
    ...specialOutcomes,
    ...paths.map((file) => outcomes.get(file)).filter((outcome) => outcome !== undefined),
  ];
  const report = buildReport(ordered, setup.findings);
  return { report, checked: toCheck.length, reused: paths.length - toCheck.length, workers };
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
  const [{ loadAllocation }, { checkRepository }] = await Promise.all([
    import('../io/evidence.js'),
    import('./repo-checks.js'),
  ]);
  const [allocation, repository] = await Promise.all([loadAllocation(root), checkRepository(root)]);
  return {
    allocation: allocation.config,
    billingClose: repository.policy?.billingClose,
    findings: [...allocation.findings, ...repository.findings],
  };
}

function specialOutcome(file: string, kind: 'symlink' | 'submodule'): FileOutcome {
  const problem = specialEntryProblem(kind);
  const finding = { ...problem, severity: 'error' as const, file, line: 1, column: 1, field: '' };
  return { path: file, findings: [finding] };
}

function reusable(entry: CacheEntry | undefined, file: string, ids: Map<string, string>) {
  if (!entry || entry.blob !== ids.get(file)) return undefined;
  for (const [evidence, blob] of Object.entries(entry.evidence)) {
    if ((ids.get(evidence) ?? null) !== blob) return undefined;
  }
  return entry.outcome;
}

/** Stores fresh results in the cache; true when there is anything new to save. */
function remember(
  results: ChunkResult[],
  ids: Map<string, string> | undefined,
  cache: ResultCache<RepositorySetup>,
  setup: RepositorySetup,
): boolean {
  const changed = results.length > 0 || cache.setup === undefined;
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
  return changed;
}

async function checkFiles(
  request: Omit<ChunkRequest, 'paths'>,
  files: string[],
  workers: number,
): Promise<ChunkResult[]> {
  if (files.length === 0) return [];
  if (workers <= 1) return inProcess({ ...request, paths: files });

  const size = Math.ceil(files.length / workers);
  const chunks = Array.from({ length: workers }, (_, i) => files.slice(i * size, (i + 1) * size));
  const parts = await Promise.all(chunks.map((paths) => inWorker({ ...request, paths })));
  return parts.flat();
}

async function inProcess(request: ChunkRequest): Promise<ChunkResult[]> {
  const { validateChunk } = await import('./validate-chunk.js');
  return validateChunk(request);
}

function inWorker(request: ChunkRequest): Promise<ChunkResult[]> {
  const entry = new URL('./validate-worker.js', import.meta.url);
  // Run from TypeScript sources (the test runner) there is no compiled worker: check in-process.
  if (!existsSync(entry)) return inProcess(request);
  return new Promise((resolve, reject) => {
    const worker = new Worker(entry, { workerData: request });
    worker.once('message', (results: ChunkResult[]) => resolve(results));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`a validation worker stopped with exit code ${code}`));
    });
  });
}
