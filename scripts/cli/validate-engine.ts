/**
 * Runs a validation of many packets quickly: results of unchanged files are reused from the cache
 * (keyed by git blob ids, which cost nothing to get), and the files that must be checked are
 * split across worker threads, one per core. Findings are the same whichever way a file was
 * checked: a cached result is the stored outcome of the very same check.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AllocationConfig } from '../core/evidence/allocation.js';
import type { Finding } from '../core/packet/finding.js';
import { buildReport, type FileOutcome, type ValidationReport } from '../core/packet/validate.js';
import { loadAllocation } from '../io/evidence.js';
import { blobIdsOnDisk } from '../io/git-blobs.js';
import { loadCache, saveCache, type CacheEntry } from '../io/result-cache.js';
import { listSpecialTreeEntries, specialEntryProblem } from '../io/tree-entries.js';
import { validateChunk, type ChunkRequest, type ChunkResult } from './validate-chunk.js';

/** Below this many files to check, starting workers costs more than it saves. */
const FILES_PER_WORKER = 400;

export interface EngineOptions {
  root: string;
  paths: string[];
  /** The cache file, or undefined to check every file afresh. */
  cacheFile?: string;
  /** Worker threads to use at most (default: one per core). */
  workers?: number;
  /** Repository configuration files whose bytes change the results. */
  configFiles?: string[];
}

export interface EngineResult {
  report: ValidationReport;
  checked: number;
  reused: number;
  workers: number;
}

export async function runValidation(options: EngineOptions): Promise<EngineResult> {
  const { root } = options;
  const allocation = await loadAllocation(root);

  // Step 0: symlinks and submodules as git records them; they are reported, never read.
  const special = (await listSpecialTreeEntries(root)) ?? [];
  const specialOutcomes = special.map((entry) => specialOutcome(entry.path, entry.kind));
  const paths = options.paths.filter(
    (file) => !special.some((e) => file === e.path || file.startsWith(`${e.path}/`)),
  );

  // Step 1: what can be reused.
  const ids = options.cacheFile ? await blobIdsOnDisk(root, '.') : undefined;
  const fingerprint = ids ? await validatorFingerprint(root, options.configFiles ?? []) : '';
  const cache =
    ids && options.cacheFile ? await loadCache(options.cacheFile, fingerprint) : new Map();
  const outcomes = new Map<string, FileOutcome>();
  const toCheck: string[] = [];
  for (const file of paths) {
    const hit = ids ? reusable(cache.get(file) as CacheEntry | undefined, file, ids) : undefined;
    if (hit) outcomes.set(file, hit);
    else toCheck.push(file);
  }

  // Step 2: check the rest, in parallel when there are many.
  const workers = Math.max(
    1,
    Math.min(
      options.workers ?? availableParallelism(),
      Math.ceil(toCheck.length / FILES_PER_WORKER),
    ),
  );
  const results = await checkFiles(root, toCheck, allocation.config, workers);

  // Step 3: remember what was checked, then report in path order.
  for (const result of results) {
    outcomes.set(result.outcome.path, result.outcome);
    const blob = ids?.get(result.outcome.path);
    if (!ids || !blob || !result.cacheable) continue;
    const evidence = Object.fromEntries(result.evidencePaths.map((p) => [p, ids.get(p) ?? null]));
    cache.set(result.outcome.path, { blob, evidence, outcome: result.outcome });
  }
  if (ids && options.cacheFile && results.length > 0) {
    await saveCache(options.cacheFile, fingerprint, cache as Map<string, CacheEntry>).catch(
      () => undefined,
    );
  }

  const ordered = [
    ...specialOutcomes,
    ...paths.map((file) => outcomes.get(file)).filter((o) => o !== undefined),
  ];
  const extra: Finding[] = allocation.findings;
  return {
    report: buildReport(ordered, extra),
    checked: toCheck.length,
    reused: paths.length - toCheck.length,
    workers: toCheck.length === 0 ? 0 : workers,
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

async function checkFiles(
  root: string,
  files: string[],
  allocation: AllocationConfig,
  workers: number,
): Promise<ChunkResult[]> {
  if (files.length === 0) return [];
  if (workers <= 1) return validateChunk({ root, paths: files, allocation });

  const size = Math.ceil(files.length / workers);
  const chunks = Array.from({ length: workers }, (_, i) => files.slice(i * size, (i + 1) * size));
  const parts = await Promise.all(chunks.map((paths) => inWorker({ root, paths, allocation })));
  return parts.flat();
}

function inWorker(request: ChunkRequest): Promise<ChunkResult[]> {
  const entry = new URL('./validate-worker.js', import.meta.url);
  // Run from TypeScript sources (the test runner) there is no compiled worker: check in-process.
  if (!existsSync(entry)) return validateChunk(request);
  return new Promise((resolve, reject) => {
    const worker = new Worker(entry, { workerData: request });
    worker.once('message', (results: ChunkResult[]) => resolve(results));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`a validation worker stopped with exit code ${code}`));
    });
  });
}

/**
 * What the results depend on besides the files themselves: the validator's compiled code and
 * schemas, and the repository configuration. Any change starts the cache afresh.
 */
async function validatorFingerprint(root: string, configFiles: string[]): Promise<string> {
  const hash = createHash('sha256');
  const here = path.dirname(fileURLToPath(import.meta.url));
  const codeDirs = [path.join(here, '../core'), path.join(here, '../../schemas')];
  for (const dir of codeDirs) {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
    const files = entries
      .filter((entry) => entry.isFile() && /\.(js|json)$/.test(entry.name))
      .map((entry) => path.join(entry.parentPath, entry.name))
      .sort();
    for (const file of files) hash.update(file).update(await readFile(file));
  }
  for (const file of configFiles) {
    hash.update(file).update(await readFile(path.join(root, file)).catch(() => Buffer.from('')));
  }
  return hash.digest('hex');
}
