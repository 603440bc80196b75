/**
 * One walk over first-parent history (oldest first) that remembers, for every path, which blob
 * it held after each commit, and follows each packet file through renames.
 */
import { NO_BLOB, type FileChange, type LogCommit } from './git-log.js';
import { parseRecordTrailers, type RecordTrailers } from './trailers.js';

/** The blob a path held from commit `index` on; null once it was deleted. */
export interface PathVersion {
  index: number;
  blob: string | null;
}

/** A change to one packet file, or a recording commit that names it. */
export interface LineageEvent {
  index: number;
  kind: 'added' | 'modified' | 'renamed' | 'removed' | 'noted';
  path: string;
  fromPath?: string;
  oldBlob: string;
  newBlob: string;
  /** Set when the commit is a recording commit for this packet. */
  record?: RecordTrailers;
}

/** One packet file followed from the commit that added it, across renames. */
export interface Lineage {
  /** The path it has now (or had when removed). */
  path: string;
  removed: boolean;
  events: LineageEvent[];
}

export interface HistoryIndex {
  /** Oldest first. */
  commits: LogCommit[];
  position: Map<string, number>;
  paths: Map<string, PathVersion[]>;
  lineages: Lineage[];
}

const PACKET_PATH = /^packets\/[^/]+\/.+\.ya?ml$/;

/** True for a packet file: YAML under `packets/<owner>/`, outside evidence folders. */
export function isPacketPath(path: string): boolean {
  // The prefix test first: most paths in a history are not under packets/ at all.
  return (
    path.startsWith('packets/') && PACKET_PATH.test(path) && !/(?:^|\/)evidence(?:\/|$)/.test(path)
  );
}

/** The packet id a file name carries (`EXC-...` without `.yaml`). */
export function idFromPath(path: string): string {
  return (path.split('/').pop() ?? '').replace(/\.ya?ml$/, '');
}

/** Builds the index from `parseGitLog` output (newest first, as git prints it). */
export function indexHistory(newestFirst: readonly LogCommit[]): HistoryIndex {
  const commits = [...newestFirst].reverse();
  const index: HistoryIndex = { commits, position: new Map(), paths: new Map(), lineages: [] };
  const live = new Map<string, Lineage>();

  commits.forEach((commit, i) => {
    index.position.set(commit.sha, i);
    const record = commit.trailers === '' ? undefined : parseRecordTrailers(commit.trailers);
    let recordPlaced = false;
    // The recorder writes one packet per commit, so that packet is the one the record is about,
    // even when a rename gave its file another name.
    let packetChanges = 0;
    if (record) for (const c of commit.changes) if (isPacketPath(c.path)) packetChanges += 1;

    for (const change of commit.changes) {
      trackPath(index, change, i);
      const fromPacket = change.fromPath !== undefined && isPacketPath(change.fromPath);
      if (!fromPacket && !isPacketPath(change.path)) continue;

      const event = followPacket(index, live, change, i);
      if (event && record && (packetChanges === 1 || record.packetId === idFromPath(event.path))) {
        event.record = record;
        recordPlaced = true;
      }
    }

    // A recording commit that changes no file (a denied amendment) still belongs on the timeline.
    if (record && !recordPlaced) {
      const lineage = [...live.values()].find((l) => idFromPath(l.path) === record.packetId);
      lineage?.events.push({ index: i, kind: 'noted', path: lineage.path, ...same(), record });
    }
  });

  return index;
}

/** The blob a lineage's file holds at the end of history; null once it was removed. */
export function headBlobOf(lineage: Lineage): string | null {
  if (lineage.removed) return null;
  for (let k = lineage.events.length - 1; k >= 0; k -= 1) {
    const event = lineage.events[k]!;
    if (event.kind !== 'noted') return event.newBlob === NO_BLOB ? null : event.newBlob;
  }
  return null;
}

/** The blob `path` held after commit `at`, or null when it did not exist then. */
export function blobAt(index: HistoryIndex, path: string, at: number): string | null {
  const versions = index.paths.get(path);
  if (versions === undefined) return null;
  let found: string | null = null;
  for (const v of versions) {
    if (v.index > at) break;
    found = v.blob;
  }
  return found;
}

function trackPath(index: HistoryIndex, change: FileChange, i: number): void {
  if (change.status === 'R' && change.fromPath !== undefined) {
    putVersion(index.paths, change.fromPath, { index: i, blob: null });
  }
  const blob = change.status === 'D' || change.newBlob === NO_BLOB ? null : change.newBlob;
  putVersion(index.paths, change.path, { index: i, blob });
}

function putVersion(paths: Map<string, PathVersion[]>, path: string, v: PathVersion): void {
  const list = paths.get(path);
  if (list === undefined) paths.set(path, [v]);
  else list.push(v);
}

function followPacket(
  index: HistoryIndex,
  live: Map<string, Lineage>,
  change: FileChange,
  i: number,
): LineageEvent | undefined {
  const blobs = { oldBlob: change.oldBlob, newBlob: change.newBlob };

  if (change.status === 'R' && change.fromPath !== undefined) {
    const lineage = live.get(change.fromPath) ?? newLineage(index, change.path);
    live.delete(change.fromPath);
    live.set(change.path, lineage);
    lineage.path = change.path;
    const event: LineageEvent = { index: i, kind: 'renamed', path: change.path, ...blobs };
    event.fromPath = change.fromPath;
    lineage.events.push(event);
    return event;
  }
  if (!isPacketPath(change.path)) return undefined;

  if (change.status === 'D') {
    const lineage = live.get(change.path);
    if (lineage === undefined) return undefined;
    live.delete(change.path);
    lineage.removed = true;
    const event: LineageEvent = { index: i, kind: 'removed', path: change.path, ...blobs };
    lineage.events.push(event);
    return event;
  }

  let lineage = live.get(change.path);
  const kind = lineage === undefined ? 'added' : 'modified';
  if (lineage === undefined) {
    lineage = newLineage(index, change.path);
    live.set(change.path, lineage);
  }
  const event: LineageEvent = { index: i, kind, path: change.path, ...blobs };
  lineage.events.push(event);
  return event;
}

function newLineage(index: HistoryIndex, path: string): Lineage {
  const lineage: Lineage = { path, removed: false, events: [] };
  index.lineages.push(lineage);
  return lineage;
}

function same(): { oldBlob: string; newBlob: string } {
  return { oldBlob: NO_BLOB, newBlob: NO_BLOB };
}
