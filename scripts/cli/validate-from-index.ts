/**
 * A run planned from the tree index: git tells which files under `packets/` differ from the
 * index's tree, only the packets among them (and those citing a changed export) are checked, and
 * everything else, the checks across packets included, comes from the index. No other file is
 * listed, read or hashed, so the run costs about as much as the change.
 */
import { planRecheck, recheckLimit, reportFromIndex } from '../core/packet/tree-index-plan.js';
import { isPacketPath } from '../io/files.js';
import { DamagedCacheError, loadTreeIndex } from '../io/result-cache.js';
import { changesSince } from '../io/tree-changes.js';
import { untrackedSince } from '../io/untracked-packets.js';
import { runFingerprint } from '../io/validator-fingerprint.js';
import type { EngineOptions, EngineResult } from './validate-engine.js';
import { checkFiles, type RepositorySetup } from './validate-checking.js';

/**
 * Why a run could not be planned from the index, for the run over every file that follows: the
 * fingerprint it worked out, and `refresh` when the index is missing or too far behind the work
 * tree (that run should then write a new one).
 */
export interface Unplanned {
  fingerprint: string;
  refresh: boolean;
}

/** The run's result from the index, or why there is none. */
export async function validateFromIndex(
  options: EngineOptions,
): Promise<{ result: EngineResult } | { result?: undefined; unplanned: Unplanned }> {
  const fingerprint = await runFingerprint(options);
  const unplanned = (refresh: boolean) => ({ unplanned: { fingerprint, refresh } });
  const stored = loadTreeIndex<RepositorySetup>(options.cacheFile!, fingerprint);
  if (!stored) return unplanned(true);

  // The checks are loaded, and the folders looked at for untracked packets, while git answers.
  const warm = import('./validate-chunk.js').catch(() => undefined);
  const { early } = options;
  const asked =
    early?.tree === stored.index.tree
      ? early.changes
      : changesSince(options.root, stored.index.tree);
  const { reader } = stored;
  const outside = stored.index.outside.map((at) => reader.pathAt(at));
  const untracked = untrackedSince(
    options.root,
    stored.index.folders,
    outside,
    (file) => reader.positionOf(file) >= 0,
  );
  const tracked = await asked;
  if (!tracked || !untracked) return unplanned(false);
  const changes = { ...tracked, here: new Set([...tracked.here, ...untracked]) };

  try {
    const plan = planRecheck(reader, changes, isPacketPath, stored.details);
    if (plan.recheck.length > recheckLimit(plan.count)) return unplanned(true);
    await warm;
    const checked = await checkFiles(options, plan.recheck, stored.setup);
    const fresh = checked.results.map((result) => result.outcome);
    const report = reportFromIndex(plan, fresh, stored.outcomes, stored.setup.findings);
    const reused = plan.count - plan.recheck.length;
    const result: EngineResult = {
      report,
      checked: plan.recheck.length,
      reused,
      workers: checked.workers,
      via: 'index',
    };
    return { result };
  } catch (error) {
    // A damaged part of the index is read only now; the full run then replaces it.
    if (error instanceof DamagedCacheError) return unplanned(true);
    throw error;
  }
}
