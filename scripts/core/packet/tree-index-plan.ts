/**
 * A run planned from the tree index: which packets to check again, and the report's own and
 * shared findings for the rest, taken from the index. The work is in the size of the change:
 * changed paths, ids and claim keys are looked up in the index, not the index walked.
 */
import { compareText } from '../sorted-text.js';
import type { Finding } from './finding.js';
import { crossFileFindings, type FileOutcome } from './report.js';
import { claimKey, IndexReader, type TreeIndex, type TreeIndexDetails } from './tree-index.js';

/** What changed under `packets/` since the index's tree, as git sees the work tree now. */
export interface TreeChanges {
  /** Paths that differ from the tree and are on disk (edited, added, or not tracked). */
  here: ReadonlySet<string>;
  /** Paths of the tree that are no longer on disk. */
  gone: ReadonlySet<string>;
  /**
   * Of `here`, the paths the tree holds (edited, not added): only an export among these can be
   * cited by a packet whose result the index keeps, since one citing a file the tree lacks is
   * checked every time.
   */
  edited: ReadonlySet<string>;
}

/** Which packets this run lists, and which of them must be checked afresh. */
export interface RecheckPlan {
  reader: IndexReader;
  /** Every packet of the work tree, in path order. */
  paths: string[];
  /** The packets to check, in path order. */
  recheck: string[];
  /** Index positions whose stored result no longer stands: checked again, or gone. */
  stale: Set<number>;
}

/**
 * A packet's own outcome as the indexed run left it, looked up for the few packets that share an
 * id or a claim with a changed one (the run's cache of files holds them).
 */
export type IndexedOutcome = (file: string) => Pick<FileOutcome, 'id' | 'claims'> | undefined;

/**
 * Plans a run from the index: a packet is checked again when it differs from the tree, is new,
 * cites an export that changed, or had a result that held for one run only. `isPacket` tells a
 * packet's path from any other file's (an export, say).
 */
export function planRecheck(
  source: TreeIndex | IndexReader,
  changes: TreeChanges,
  isPacket: (path: string) => boolean,
  loadDetails: () => TreeIndexDetails,
): RecheckPlan {
  // A reader the caller has already made spares splitting the paths again.
  const reader = source instanceof IndexReader ? source : new IndexReader(source);
  const { index } = reader;
  const indexed = reader.paths;
  const stale = new Set<number>(index.redo);
  const gone = new Set<number>();

  // Step 1: packets no longer there. One that was not in the tree is there only if git still
  // lists it as changed (untracked or added); one of the tree, unless git says it is deleted.
  for (const at of index.outside) if (!changes.here.has(indexed[at]!)) gone.add(at);
  for (const file of changes.gone) {
    const at = reader.positionOf(file);
    if (at >= 0) gone.add(at);
  }
  for (const at of gone) stale.add(at);

  // Step 2: packets edited or new, and exports of the tree that changed (or went).
  const added: string[] = [];
  const exports = new Set<string>();
  for (const file of changes.here) {
    const at = reader.positionOf(file);
    if (at >= 0) stale.add(at);
    else if (isPacket(file)) added.push(file);
    else if (changes.edited.has(file)) exports.add(file);
  }
  for (const file of changes.gone) if (reader.positionOf(file) < 0) exports.add(file);
  if (exports.size > 0) {
    loadDetails().cites.forEach((cites, at) => {
      if (cites !== 0 && cites.some((cite) => exports.has(cite))) stale.add(at);
    });
  }

  // Step 3: the listing, and what to check in it.
  const paths =
    gone.size === 0 && added.length === 0
      ? indexed
      : [...indexed.filter((_, at) => !gone.has(at)), ...added].sort(compareText);
  const recheck = [...stale]
    .filter((at) => !gone.has(at))
    .map((at) => indexed[at]!)
    .concat(added)
    .sort(compareText);
  return { reader, paths, recheck, stale };
}

/**
 * Every listed packet's own outcome, and the findings shared between packets, for a run that
 * checked `fresh` (the plan's `recheck`) and reuses the index for the rest.
 *
 * Shared findings are worked out again for every packet linked to a stale one by an id or a
 * claim, directly or through others: each such group is then whole, so its findings are those a
 * full run would give. Every other packet keeps the shared findings the index holds: none of its
 * groups gained or lost a member.
 */
export function settleFromIndex(
  plan: RecheckPlan,
  fresh: readonly FileOutcome[],
  loadOutcomes: () => IndexedOutcome,
): { outcomes: FileOutcome[]; cross: Map<string, Finding[]> } {
  const { reader, stale } = plan;
  const { index } = reader;

  // Step 1: the ids and claims a stale packet had or has now.
  const ids = new Set<string>();
  const keys = new Set<string>();
  for (const at of stale) {
    const id = reader.idAt(at);
    if (id !== null) ids.add(id);
    for (const key of reader.keysAt(at)) keys.add(key);
  }
  for (const outcome of fresh) {
    if (outcome.id) ids.add(outcome.id.value);
    for (const claim of outcome.claims ?? []) keys.add(claimKey(claim));
  }

  // Step 2: the packets that share any of them, and those that share with those, and so on.
  const linked = new Set<number>();
  const pendingIds = [...ids];
  const pendingKeys = [...keys];
  const visit = (at: number) => {
    if (stale.has(at) || linked.has(at)) return;
    linked.add(at);
    const id = reader.idAt(at);
    if (id !== null && !ids.has(id)) {
      ids.add(id);
      pendingIds.push(id);
    }
    for (const key of reader.keysAt(at)) {
      if (keys.has(key)) continue;
      keys.add(key);
      pendingKeys.push(key);
    }
  };
  while (pendingIds.length > 0 || pendingKeys.length > 0) {
    const id = pendingIds.pop();
    if (id !== undefined) reader.withId(id).forEach(visit);
    const key = pendingKeys.pop();
    if (key !== undefined) reader.withKey(key).forEach(visit);
  }

  // Step 3: their shared findings, worked out again over the whole of each group.
  const ownAt = new Map(index.own);
  const outcomeOf = linked.size > 0 ? loadOutcomes() : undefined;
  const group: FileOutcome[] = [...fresh];
  for (const at of linked) {
    const file = reader.paths[at]!;
    const stored = outcomeOf!(file);
    // A packet the index does not mark to be checked again has its outcome stored beside it.
    if (!stored) throw new Error(`the stored outcome of ${file} is missing`);
    const outcome: FileOutcome = { path: file, findings: ownAt.get(at) ?? [] };
    if (stored.id) outcome.id = stored.id;
    if (stored.claims) outcome.claims = stored.claims;
    group.push(outcome);
  }
  const cross = crossFileFindings(group.sort((a, b) => compareText(a.path, b.path)));
  for (const [at, findings] of index.cross) {
    if (!stale.has(at) && !linked.has(at)) cross.set(reader.paths[at]!, findings);
  }

  // Step 4: every listed packet's own outcome, fresh or from the index.
  const freshByPath = new Map(fresh.map((outcome) => [outcome.path, outcome]));
  const ownOf = new Map(index.own.map(([at, findings]) => [reader.paths[at]!, findings]));
  const none: Finding[] = [];
  const outcomes = plan.paths.map((file): FileOutcome => {
    const checked = freshByPath.get(file);
    if (checked) return checked;
    return { path: file, findings: ownOf.get(file) ?? none };
  });
  return { outcomes, cross };
}
