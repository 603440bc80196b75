/**
 * The tree index: what a validation of the whole repository found on one git tree, kept so that
 * the next run checks only the packets that differ from that tree, and settles the checks that
 * need every packet at once (an id used twice, an export claimed twice) from the index instead of
 * from every file. Pure data in, data out: the caller asks git what changed and reads the files.
 */
import type { Finding } from './finding.js';
import { crossFileFindings, type FileOutcome } from './report.js';

/** Read on every run that uses the index, so it holds one compact array per fact. */
export interface TreeIndex {
  /** The git tree the indexed packets are measured against (HEAD's tree when it was written). */
  tree: string;
  /** Every packet the run listed, in path order, joined by newlines. */
  paths: string;
  /** Per packet: its id, 1 when the id is the file's own name (most are), or null for none. */
  ids: (string | 1 | null)[];
  /** Per packet: the keys of the cost it claims (see claimKey), joined by spaces, or 0. */
  claimKeys: (string | 0)[];
  /** The positions of packets with an id, in the order of their ids: ids are looked up. */
  byId: number[];
  /** Every claim key and the position of a packet making it, in the order of the keys. */
  byKey: (string | number)[];
  /** Packets whose result holds for this run only, checked again every time. */
  redo: number[];
  /** Packets that were not in the tree (untracked or newly staged) when the index was written. */
  outside: number[];
  /** Each packet's own findings, for those that have any. */
  own: [number, Finding[]][];
  /** The findings shared between packets (ids, claims) of the indexed state. */
  cross: [number, Finding[]][];
}

/** What only some runs need, kept apart so that the others never read it. */
export interface TreeIndexDetails {
  /** Per packet: the exports it cites, or 0 (needed when an export changed). */
  cites: (string[] | 0)[];
  /** Per packet: where its id is written, or 0 (needed when a change touches a shared id). */
  idAt: ([number, number] | 0)[];
  /** Per packet: the claims in full, or 0 (needed when a change touches a shared claim). */
  claims: (string[] | 0)[];
}

/** What a run knew of each packet besides its outcome, to judge which results the tree holds. */
export interface IndexFacts {
  /** The exports each packet cites. */
  cites: ReadonlyMap<string, readonly string[]>;
  /** Packets whose result does not hold for the tree's version of the files. */
  redo: ReadonlySet<string>;
  /** Packets that are not in the tree. */
  outside: ReadonlySet<string>;
}

/**
 * A claim's key: the tail of its export hash, short enough to read back on every run. Two
 * claims with one key only make a later run look at both packets, never merge their results.
 */
export function claimKey(claim: string): string {
  return claim.slice(-12);
}

/** The id a file name carries: `packets/x/EXC-1.yaml` carries `EXC-1` (read for every packet). */
function stemOf(file: string): string {
  const end = file.endsWith('.yaml') ? -5 : file.endsWith('.yml') ? -4 : file.length;
  return file.slice(file.lastIndexOf('/') + 1, end);
}

/**
 * The index of a whole run: `outcomes` are each file's own outcome in path order, `cross` the
 * findings shared between files, as the run's report holds them.
 */
export function indexTree(
  tree: string,
  outcomes: readonly FileOutcome[],
  cross: ReadonlyMap<string, Finding[]>,
  facts: IndexFacts,
): { index: TreeIndex; details: TreeIndexDetails } {
  const index: TreeIndex = {
    tree,
    paths: outcomes.map((outcome) => outcome.path).join('\n'),
    ids: [],
    claimKeys: [],
    byId: [],
    byKey: [],
    redo: [],
    outside: [],
    own: [],
    cross: [],
  };
  const details: TreeIndexDetails = { cites: [], idAt: [], claims: [] };

  outcomes.forEach((outcome, at) => {
    const id = outcome.id?.value;
    index.ids.push(id === undefined ? null : id === stemOf(outcome.path) ? 1 : id);
    const claims = outcome.claims ?? [];
    index.claimKeys.push(claims.length > 0 ? claims.map(claimKey).join(' ') : 0);
    if (facts.redo.has(outcome.path)) index.redo.push(at);
    if (facts.outside.has(outcome.path)) index.outside.push(at);
    if (outcome.findings.length > 0) index.own.push([at, outcome.findings]);
    const shared = cross.get(outcome.path);
    if (shared) index.cross.push([at, shared]);

    const cites = facts.cites.get(outcome.path) ?? [];
    details.cites.push(cites.length > 0 ? [...cites] : 0);
    details.idAt.push(outcome.id ? [outcome.id.position.line, outcome.id.position.column] : 0);
    details.claims.push(claims.length > 0 ? [...claims] : 0);
  });

  // The lookups: ids and claim keys in order, so that a run finds who shares one by searching.
  const idOf = (at: number) => outcomes[at]!.id!.value;
  index.byId = outcomes
    .map((outcome, at) => (outcome.id ? at : -1))
    .filter((at) => at >= 0)
    .sort((a, b) => byText(idOf(a), idOf(b)) || a - b);
  const keyed = outcomes.flatMap((outcome, at) =>
    [...new Set((outcome.claims ?? []).map(claimKey))].map((key): [string, number] => [key, at]),
  );
  keyed.sort((a, b) => byText(a[0], b[0]) || a[1] - b[1]);
  index.byKey = keyed.flat();
  return { index, details };
}

/** What changed under `packets/` since the index's tree, as git sees the work tree now. */
export interface TreeChanges {
  /** Paths that differ from the tree and are on disk (edited, added, or not tracked). */
  here: ReadonlySet<string>;
  /** Paths of the tree that are no longer on disk. */
  gone: ReadonlySet<string>;
}

/** Which packets this run lists, and which of them must be checked afresh. */
export interface RecheckPlan {
  /** Every packet of the work tree, in path order. */
  paths: string[];
  /** The packets to check, in path order. */
  recheck: string[];
  /** Index positions whose stored result no longer stands: checked again, or gone. */
  stale: Set<number>;
}

/**
 * Plans a run from the index: a packet is checked again when it differs from the tree, is new,
 * cites an export that changed, or had a result that held for one run only. `isPacket` tells a
 * packet's path from any other file's (an export, say). The work is in the size of the change:
 * changed paths are looked up in the sorted list, not the list walked.
 */
export function planRecheck(
  index: TreeIndex,
  changes: TreeChanges,
  isPacket: (path: string) => boolean,
  loadDetails: () => TreeIndexDetails,
): RecheckPlan {
  const indexed = pathsOf(index);
  const stale = new Set<number>(index.redo);
  const gone = new Set<number>();

  // Step 1: packets no longer there. One that was not in the tree is there only if git still
  // lists it as changed (untracked or added); one of the tree, unless git says it is deleted.
  for (const at of index.outside) if (!changes.here.has(indexed[at]!)) gone.add(at);
  for (const file of changes.gone) {
    const at = positionOf(indexed, file);
    if (at >= 0) gone.add(at);
  }
  for (const at of gone) stale.add(at);

  // Step 2: packets edited or new, and exports that changed (or went).
  const added: string[] = [];
  const exports = new Set<string>();
  for (const file of changes.here) {
    const at = positionOf(indexed, file);
    if (at >= 0) stale.add(at);
    else if (isPacket(file)) added.push(file);
    else exports.add(file);
  }
  for (const file of changes.gone) if (positionOf(indexed, file) < 0) exports.add(file);
  if (exports.size > 0) {
    loadDetails().cites.forEach((cites, at) => {
      if (cites !== 0 && cites.some((cite) => exports.has(cite))) stale.add(at);
    });
  }

  // Step 3: the listing, and what to check in it.
  const paths =
    gone.size === 0 && added.length === 0
      ? indexed
      : [...indexed.filter((_, at) => !gone.has(at)), ...added].sort(byText);
  const recheck = [...stale]
    .filter((at) => !gone.has(at))
    .map((at) => indexed[at]!)
    .concat(added)
    .sort(byText);
  return { paths, recheck, stale };
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
  index: TreeIndex,
  plan: RecheckPlan,
  fresh: readonly FileOutcome[],
  loadDetails: () => TreeIndexDetails,
): { outcomes: FileOutcome[]; cross: Map<string, Finding[]> } {
  const indexed = pathsOf(index);
  const idAt = (at: number): string | null => {
    const id = index.ids[at];
    return id === 1 ? stemOf(indexed[at]!) : (id ?? null);
  };
  const keysAt = (at: number): readonly string[] => {
    const keys = index.claimKeys[at];
    if (keys === 0 || keys === undefined) return [];
    return keys.includes(' ') ? keys.split(' ') : [keys];
  };

  // Step 1: the ids and claims a stale packet had or has now.
  const ids = new Set<string>();
  const keys = new Set<string>();
  for (const at of plan.stale) {
    const id = idAt(at);
    if (id !== null) ids.add(id);
    for (const key of keysAt(at)) keys.add(key);
  }
  for (const outcome of fresh) {
    if (outcome.id) ids.add(outcome.id.value);
    for (const claim of outcome.claims ?? []) keys.add(claimKey(claim));
  }

  // Step 2: the packets that share any of them, and those that share with those, and so on,
  // found by searching the index's ordered ids and keys.
  const linked = new Set<number>();
  const pendingIds = [...ids];
  const pendingKeys = [...keys];
  const visit = (at: number) => {
    if (plan.stale.has(at) || linked.has(at)) return;
    linked.add(at);
    const id = idAt(at);
    if (id !== null && !ids.has(id)) {
      ids.add(id);
      pendingIds.push(id);
    }
    for (const key of keysAt(at)) {
      if (keys.has(key)) continue;
      keys.add(key);
      pendingKeys.push(key);
    }
  };
  while (pendingIds.length > 0 || pendingKeys.length > 0) {
    const id = pendingIds.pop();
    if (id !== undefined) withId(index, id, idAt).forEach(visit);
    const key = pendingKeys.pop();
    if (key !== undefined) withKey(index, key).forEach(visit);
  }

  // Step 3: their shared findings, worked out again over the whole of each group.
  const ownAt = new Map(index.own);
  const freshByPath = new Map(fresh.map((outcome) => [outcome.path, outcome]));
  const details = linked.size > 0 ? loadDetails() : undefined;
  const group: FileOutcome[] = [...fresh];
  for (const at of linked) {
    const position = details!.idAt[at];
    const claims = details!.claims[at];
    const id = idAt(at);
    const outcome: FileOutcome = { path: indexed[at]!, findings: ownAt.get(at) ?? [] };
    if (id !== null && position !== 0 && position !== undefined) {
      outcome.id = { value: id, position: { line: position[0], column: position[1] } };
    }
    if (claims !== 0 && claims !== undefined) outcome.claims = claims;
    group.push(outcome);
  }
  const cross = crossFileFindings(group.sort((a, b) => byText(a.path, b.path)));
  for (const [at, findings] of index.cross) {
    if (!plan.stale.has(at) && !linked.has(at)) cross.set(indexed[at]!, findings);
  }

  // Step 4: every listed packet's own outcome, fresh or from the index.
  const ownOf = new Map(index.own.map(([at, findings]) => [indexed[at]!, findings]));
  const none: Finding[] = [];
  const outcomes = plan.paths.map((file): FileOutcome => {
    const checked = freshByPath.get(file);
    if (checked) return checked;
    return { path: file, findings: ownOf.get(file) ?? none };
  });
  return { outcomes, cross };
}

/** The index's packet paths (split once per run: a string reads back faster than a list). */
const split = new WeakMap<TreeIndex, string[]>();
function pathsOf(index: TreeIndex): string[] {
  let paths = split.get(index);
  if (!paths) {
    paths = index.paths === '' ? [] : index.paths.split('\n');
    split.set(index, paths);
  }
  return paths;
}

/** The positions of the packets whose id is `id`. */
function withId(index: TreeIndex, id: string, idAt: (at: number) => string | null): number[] {
  const order = index.byId;
  const compare = (i: number) => byText(idAt(order[i]!) ?? '', id);
  return range(order.length, compare).map((i) => order[i]!);
}

/** The positions of the packets making a claim with this key. */
function withKey(index: TreeIndex, key: string): number[] {
  const pairs = index.byKey;
  const compare = (i: number) => byText(pairs[2 * i] as string, key);
  return range(pairs.length / 2, compare).map((i) => pairs[2 * i + 1] as number);
}

/** The indexes in [0, length) where `compare` is 0, for a `compare` that rises with the index. */
function range(length: number, compare: (i: number) => number): number[] {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(middle) < 0) low = middle + 1;
    else high = middle;
  }
  const found: number[] = [];
  for (let i = low; i < length && compare(i) === 0; i++) found.push(i);
  return found;
}

/** Where a path is in the sorted list, or -1. */
function positionOf(sorted: readonly string[], file: string): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const at = sorted[middle]!;
    if (at === file) return middle;
    if (at < file) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
