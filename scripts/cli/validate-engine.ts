/**
 * Runs a validation of many packets quickly. A run over the whole repository first tries the
 * tree index the last such run left: only the packets that differ from its git tree are checked,
 * and the checks across packets are settled from the index. Otherwise results of unchanged files
 * are reused from the cache (keyed by git blob ids, which cost nothing to get), and the files
 * that must be checked are shared out across threads. Findings are the same whichever way a file
 * was checked: a reused result is the stored outcome of the very same check. The parser, schema
 * and rules are loaded only when some file has to be checked.
 */
import { existsSync } from 'node:fs';
import type { ValidationReport } from '../core/packet/report.js';
import type { TreeChanges } from '../core/packet/tree-index-plan.js';
import type { FolderStamps } from '../io/folder-stamps.js';
import { validateFromIndex } from './validate-from-index.js';

export { loadSetup, type RepositorySetup } from './validate-checking.js';

export interface EngineOptions {
  root: string;
  /**
   * The files to check, or how to list them (run once git has been asked, beside it). A listing
   * of the whole repository stamps the folders it reads, for the tree index.
   */
  paths: readonly string[] | ((stamps?: FolderStamps) => Promise<readonly string[]>);
  /** The paths are every packet of the repository: the run may use, and leave, a tree index. */
  wholeRepository?: boolean;
  /** Git's answer about the work tree against an indexed tree, asked for early. */
  early?: { tree: string; changes: Promise<TreeChanges | undefined> };
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
  /** Where reused results came from: the tree index, the cache of files, or nowhere. */
  via: 'index' | 'cache' | 'none';
}

export async function runValidation(options: EngineOptions): Promise<EngineResult> {
  const cached = options.cacheFile !== undefined && existsSync(options.cacheFile);
  if (options.wholeRepository && cached) {
    const planned = await validateFromIndex(options);
    if (planned.result) return planned.result;
    const { runOverFiles } = await import('./validate-over-files.js');
    return runOverFiles(options, planned.unplanned);
  }
  // A run from the index never loads what listing, hashing and reusing every file takes.
  const { runOverFiles } = await import('./validate-over-files.js');
  return runOverFiles(options);
}
