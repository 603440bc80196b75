/**
 * A run planned from the tree index: which packets to check again, and the report's own and
 * shared findings for the rest, taken from the index. The work is in the size of the change:
 * changed paths, ids and claim keys are looked up in the index, not the index walked.
 */
import { compareText, positionIn } from '../sorted-text.js';
import { compareFindings, type Finding } from './finding.js';
import {
  countFindings,
  crossFileFindings,
  NONE,
  type FileOutcome,
  type ValidationReport,
} from './report.js';
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
  /** How many packets the run lists: the index's, less those gone, with those added. */
  count: number;
  /** Index positions no longer listed. */
  gone: Set<number>;
  /** Packets the index does not list, in path order. */
  added: string[];
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
 * Past this many packets to check again, a run over every file is the better deal: it reuses
 * results by content (a branch switched back and forth, say) and leaves a fresh index.
 */
export function recheckLimit(packets: number): number {
  return Math.max(500, Math.ceil(packets / 10));
}

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
  const stale = new Set<number>(index.redo);
  const gone = new Set<number>();

  // Step 1: packets no longer there. One that was not in the tree is there only if git still
  // lists it as changed (untracked or added); one of the tree, unless git says it is deleted.
  for (const at of index.outside) if (!changes.here.has(reader.pathAt(at))) gone.add(at);
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

  // Step 3: what to check; the listing itself is only counted.
  added.sort(compareText);
  const recheck = [...stale]
    .filter((at) => !gone.has(at))
    .map((at) => reader.pathAt(at))
    .concat(added)
    .sort(compareText);
  const count = reader.count - gone.size + added.length;
  return { reader, count, gone, added, recheck, stale };
}

/** Every packet the planned run lists, in path order. */
export function listedPaths(plan: RecheckPlan): string[] {
  const { reader, gone, added } = plan;
  if (gone.size === 0 && added.length === 0) return reader.paths;
  return [...reader.paths.filter((_, at) => !gone.has(at)), ...added].sort(compareText);
}

/**
 * The run's report, for a run that checked `fresh` (the plan's `recheck`) and reuses the index
 * for the rest; `extra` are the findings about the configuration, as in assembleReport.
 *
 * Shared findings are worked out again for every packet linked to a stale one by an id or a
 * claim, directly or through others: each such group is then whole, so its findings are those a
 * full run would give. Every other packet keeps the shared findings the index holds: none of its
 * groups gained or lost a member. Only packets with findings are looked at one by one; the
 * listing of every file is built only when the report's `files` are read (JSON output).
 */
export function reportFromIndex(
  plan: RecheckPlan,
  fresh: readonly FileOutcome[],
  loadOutcomes: () => IndexedOutcome,
  extra: readonly Finding[],
): ValidationReport {
  const cross = sharedFindings(plan, fresh, loadOutcomes);
  const { reader, stale } = plan;

  // Step 1: each packet's findings, for those that have any: fresh, or kept by the index.
  const found = new Map<string, Finding[]>();
  for (const outcome of fresh)
    if (outcome.findings.length > 0) found.set(outcome.path, outcome.findings);
  for (const [at, findings] of reader.index.own) {
    if (!stale.has(at)) found.set(reader.pathAt(at), findings);
  }
  for (const [file, shared] of cross) found.set(file, [...(found.get(file) ?? []), ...shared]);

  // Step 2: the findings in path order, each file's sorted, after the configuration's.
  const byFile = new Map<string, Finding[]>();
  for (const file of [...found.keys()].sort(compareText)) {
    const own = [...found.get(file)!];
    byFile.set(file, own.length > 1 ? own.sort(compareFindings) : own);
  }
  const findings = [...extra].sort(compareFindings);
  for (const own of byFile.values()) findings.push(...own);

  // Step 3: the counts, and the listing when asked for.
  const listed = (file: string) => {
    const at = reader.positionOf(file);
    return at >= 0 ? !plan.gone.has(at) : positionIn(plan.added, file) >= 0;
  };
  let files: ValidationReport['files'] | undefined;
  return {
    get files() {
      files ??= listedPaths(plan).map((file) => ({
        path: file,
        findings: byFile.get(file) ?? NONE,
      }));
      return files;
    },
    findings,
    ...countFindings(findings, byFile.values(), listed),
    packets: plan.count,
  };
}

/**
 * The findings shared between packets (ids, claims): worked out again over every group a stale
 * packet is in, and kept from the index for the rest.
 */
function sharedFindings(
  plan: RecheckPlan,
  fresh: readonly FileOutcome[],
  loadOutcomes: () => IndexedOutcome,
): Map<string, Finding[]> {
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
    const file = reader.pathAt(at);
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
    if (!stale.has(at) && !linked.has(at)) cross.set(reader.pathAt(at), findings);
  }
  return cross;
}
