/**
 * Results of earlier validations, so a file that has not changed is not checked again. An entry
 * is reused only when the packet's bytes, the bytes of every export it cites and the validator
 * itself (its code, the schemas and the repository configuration) are all the same as when the
 * entry was written. A damaged cache is ignored, never trusted.
 */
import { createHash, randomBytes } from 'node:crypto';
import { isAscii } from 'node:buffer';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import type { FileOutcome } from '../core/packet/report.js';
import type { IndexedOutcome } from '../core/packet/tree-index-plan.js';
import {
  IndexReader,
  pathStarts,
  type TreeIndex,
  type TreeIndexDetails,
} from '../core/packet/tree-index.js';
import { isWalkedFolder } from './files.js';
import { readAt } from './read-at.js';

export interface CacheEntry {
  /** Git blob id of the packet. */
  blob: string;
  /** Git blob id of each export the packet cites, at the time of validation. */
  evidence: Record<string, string | null>;
  outcome: FileOutcome;
}

export interface ResultCache<Setup = unknown> {
  entries: Map<string, CacheEntry>;
  /**
   * What the run read from the repository configuration (its parsed form and its findings),
   * which the fingerprint also covers, so a warm run need not read or check it again.
   */
  setup?: Setup;
}

/**
 * The file's form: one array per entry rather than one object, which halves the file and makes
 * reading it (the larger part of a warm run) about four times faster.
 * `[path, blob, evidence (path, blob, path, blob...), id, id line, id column, findings, claims]`,
 * with `null` for an absent id and 0 for no findings or no claims.
 */
type StoredEntry = [
  string,
  string,
  (string | null)[],
  string | null,
  number,
  number,
  FileOutcome['findings'] | 0,
  string[] | 0,
];

/**
 * The file is a header line, then the sections. The header holds each section's place and
 * digest: a section damaged or edited by hand (an entry of the wrong shape, a setup missing its
 * allocation) is then ignored as a whole, rather than trusted until something crashes on it, and
 * a run reads only the sections it needs.
 */
interface CacheHeader {
  format: typeof FORMAT;
  fingerprint: string;
  /** The git tree of the tree index, when the file holds one. */
  tree?: string;
  /** Byte offsets from the end of the header line, and the digest of those bytes. */
  sections: Partial<Record<SectionName, [number, number, string]>>;
}

/**
 * The tree index's two long texts (its paths and its key table) are sections of their own, kept
 * as they are rather than as JSON strings: a run from the index reads them without parsing. So
 * is where each path starts (`starts`), as 32-bit numbers in this machine's byte order.
 */
type SectionName = 'setup' | 'entries' | 'index' | 'paths' | 'keys' | 'starts' | 'details';

const FORMAT = 10;

function digestOf(bytes: Uint8Array): string {
  // A check against damage, not against tampering (the cache is trusted as the work tree is):
  // CRC-32 reads the sections a pull request's run needs in a tenth of SHA-1's time.
  return crc32(bytes).toString(16).padStart(8, '0');
}

/**
 * Where the cache lives unless PACKET_CACHE_DIR says otherwise: under the repository's
 * node_modules (which git ignores) when there is one, else in the user's own cache folder
 * (XDG_CACHE_HOME or ~/.cache), keyed by the repository's path: never into a work tree where it
 * could be committed.
 */
export function cacheFile(
  root: string,
  env: NodeJS.ProcessEnv,
  mode: { skipExports?: boolean } = {},
): string {
  // Runs with and without the exports keep a file each: one file would hold only the last kind,
  // and a developer who runs both in turn would never find a cache of the kind being run.
  const name = mode.skipExports ? 'validate-skip-exports.json' : 'validate.json';
  if (env.PACKET_CACHE_DIR) return path.join(env.PACKET_CACHE_DIR, name);
  const modules = path.join(root, 'node_modules');
  const key = createHash('sha256').update(path.resolve(root)).digest('hex').slice(0, 16);
  // Never a shared folder such as /tmp, where another user could plant a cache or a link.
  const userCache = env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  const dir = existsSync(modules)
    ? path.join(modules, '.cache/exception-packets')
    : path.join(userCache, 'exception-packets', key);
  return path.join(dir, name);
}

/** What was written under the same fingerprint; nothing for any other or a damaged cache. */
export function loadCache<Setup>(file: string, fingerprint: string): ResultCache<Setup> {
  const sections = openSections(file, fingerprint);
  const entries = sections?.read<StoredEntry[]>('entries');
  const setup = sections?.read<Setup | null>('setup');
  if (!entries || setup === undefined) return { entries: new Map() };
  try {
    const map = new Map<string, CacheEntry>();
    for (const stored of entries) map.set(stored[0], fromStored(stored));
    return { entries: map, setup: setup ?? undefined };
  } catch {
    return { entries: new Map() };
  }
}

/** A part of the cache read late (after checks began) was damaged. */
export class DamagedCacheError extends Error {
  constructor(file: string) {
    super(`the cache at ${file} is damaged; it is replaced by this run`);
  }
}

/**
 * The tree index a whole run left, read for use (see IndexReader), with the setup it was made
 * under; undefined if none, or if it was made under another fingerprint.
 */
export function loadTreeIndex<Setup>(file: string, fingerprint: string) {
  return treeIndexFor(readTreeIndex<Setup>(file), fingerprint);
}

/** A tree index read ahead (see readTreeIndex), if it was made under `fingerprint`. */
export function treeIndexFor<Read extends { fingerprint: string }>(
  read: Read | undefined,
  fingerprint: string,
): Read | undefined {
  return read?.fingerprint === fingerprint ? read : undefined;
}

/**
 * The tree index as `loadTreeIndex` reads it, whatever fingerprint it was made under: a run at a
 * commit reads it while git looks the commit up, before the fingerprint can be known.
 */
export function readTreeIndex<Setup>(file: string) {
  const sections = openSections(file);
  const rest = sections?.read<Omit<TreeIndex, 'paths' | 'keyTable'>>('index');
  const paths = sections?.readText('paths');
  const keyTable = sections?.readText('keys');
  const setup = sections?.read<Setup | null>('setup');
  if (!sections || !rest || paths === undefined || keyTable === undefined || !setup) {
    return undefined;
  }
  const index: TreeIndex = { ...rest, paths, keyTable };
  if (!isTreeIndex(index)) return undefined;
  const reader = new IndexReader(index, sections.readNumbers('starts'));
  if (reader.count !== index.ids.length) return undefined;
  // Read only when a change needs them; a damaged section then fails that run's plan.
  const details = () => {
    const read = sections.read<TreeIndexDetails>('details');
    if (!read || !Array.isArray(read.cites)) throw new DamagedCacheError(file);
    return read;
  };
  const { fingerprint } = sections;
  const outcomes = (): IndexedOutcome => {
    const entries = loadCache<Setup>(file, fingerprint).entries;
    return (packet) => {
      const entry = entries.get(packet);
      if (!entry) throw new DamagedCacheError(file);
      return entry.outcome;
    };
  };
  return { fingerprint, index, reader, setup, details, outcomes };
}

function isTreeIndex(index: TreeIndex): boolean {
  const count = Array.isArray(index.ids) ? index.ids.length : -1;
  return (
    // The tree is handed to git as an argument: anything but an object id could be an option.
    typeof index.tree === 'string' &&
    TREE_ID.test(index.tree) &&
    typeof index.paths === 'string' &&
    Array.isArray(index.ids) &&
    typeof index.keyTable === 'string' &&
    [index.redo, index.outside, index.own, index.cross].every(Array.isArray) &&
    // Each packet outside the tree is looked up on disk by its path.
    index.outside.every((at) => Number.isInteger(at) && at >= 0 && at < count) &&
    Array.isArray(index.folders) &&
    index.folders.every(isFolderEntry) &&
    eachAfterItsParent(index.folders)
  );
}

/**
 * A folder is read by its path: only one under packets/ that a listing walks into, never one
 * that climbs out of it.
 */
function isFolderEntry(entry: unknown): boolean {
  if (!Array.isArray(entry) || entry.length !== 2) return false;
  const [folder, stamp] = entry as unknown[];
  return (
    typeof folder === 'string' &&
    typeof stamp === 'string' &&
    (folder === 'packets' || folder.startsWith('packets/')) &&
    !folder.split('/').some((part) => part === '..' || part === '.' || part === '') &&
    folder.split('/').every(isWalkedFolder)
  );
}

/**
 * Every folder but packets/ comes after its parent, as a listing stamps them: a parent that is
 * now a link (which may lead out of packets/) is then found before anything is read through it.
 */
function eachAfterItsParent(folders: readonly (readonly [string, string])[]): boolean {
  const seen = new Set<string>();
  return folders.every(([folder]) => {
    const parent = folder.slice(0, folder.lastIndexOf('/'));
    if (folder !== 'packets' && !seen.has(parent)) return false;
    seen.add(folder);
    return true;
  });
}

/**
 * The git tree the file's tree index stands for, read from the header alone, so that git can be
 * asked about it at once; whether the index may be used is settled later (loadTreeIndex).
 */
export function indexedTree(file: string): string | undefined {
  try {
    const start = readAt(file, 0, HEADER_BYTES);
    const end = start.indexOf(10);
    const header = JSON.parse(start.toString('utf8', 0, end < 0 ? 0 : end)) as CacheHeader;
    return header.format === FORMAT && typeof header.tree === 'string' && TREE_ID.test(header.tree)
      ? header.tree
      : undefined;
  } catch {
    return undefined;
  }
}

/** A git object id, SHA-1 or SHA-256. */
const TREE_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/** The header is a few hundred bytes; a longer first line is not a header of this format. */
const HEADER_BYTES = 16 * 1024;

/**
 * The sections of a cache file written under this fingerprint, each read from the disk only when
 * asked for: a run planned from the tree index never reads the cache of files, by far the larger.
 */
/** The cache's sections, if made under `fingerprint` (any, when not given). */
function openSections(file: string, fingerprint?: string) {
  let header: CacheHeader;
  let body: number;
  try {
    const start = readAt(file, 0, HEADER_BYTES);
    body = start.indexOf(10) + 1;
    if (body === 0) return undefined;
    header = JSON.parse(start.toString('utf8', 0, body - 1)) as CacheHeader;
  } catch {
    return undefined;
  }
  if (header.format !== FORMAT || typeof header.fingerprint !== 'string') return undefined;
  if (fingerprint !== undefined && header.fingerprint !== fingerprint) return undefined;
  if (typeof header.sections !== 'object' || header.sections === null) return undefined;
  const bytesOf = (name: SectionName): Buffer | undefined => {
    const place = header.sections[name];
    if (!Array.isArray(place)) return undefined;
    const [start, end, digest] = place;
    try {
      // A file replaced since the header was read fails the digest, like a damaged one.
      const slice = readAt(file, body + start, end - start);
      return slice.length === end - start && digestOf(slice) === digest ? slice : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    fingerprint: header.fingerprint,
    read<T>(name: SectionName): T | undefined {
      const bytes = bytesOf(name);
      try {
        return bytes && (JSON.parse(textOf(bytes)) as T);
      } catch {
        return undefined;
      }
    },
    readText(name: SectionName): string | undefined {
      const bytes = bytesOf(name);
      return bytes && textOf(bytes);
    },
    /** A section of 32-bit numbers, copied so that they line up as a Uint32Array needs. */
    readNumbers(name: SectionName): Uint32Array | undefined {
      const bytes = bytesOf(name);
      if (!bytes || bytes.length % 4 !== 0) return undefined;
      const numbers = new Uint32Array(bytes.length / 4);
      Buffer.from(numbers.buffer).set(bytes);
      return numbers;
    },
  };
}

/** UTF-8 text; plain ASCII (most paths) is read as the single bytes it is, a good deal faster. */
function textOf(bytes: Buffer): string {
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

/**
 * Writes the cache atomically (temp file, then rename) so a crash never leaves half a file.
 * `tree` is the index of the whole run, when the run can leave one.
 */
export async function saveCache(
  file: string,
  fingerprint: string,
  cache: ResultCache,
  tree?: { index: TreeIndex; details: TreeIndexDetails },
) {
  const parts: [SectionName, unknown][] = [
    ['setup', cache.setup ?? null],
    ['entries', [...cache.entries].map(([path, entry]) => toStored(path, entry))],
  ];
  if (tree) {
    const { paths, keyTable, ...rest } = tree.index;
    const starts = Buffer.from(pathStarts(paths).buffer);
    parts.push(['index', rest], ['paths', paths], ['keys', keyTable], ['starts', starts]);
    parts.push(['details', tree.details]);
  }

  const sections: CacheHeader['sections'] = {};
  const chunks: Buffer[] = [];
  let offset = 0;
  for (const [name, value] of parts) {
    // The texts and numbers of the index are written as they are (see SectionName).
    const chunk = Buffer.isBuffer(value)
      ? value
      : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
    sections[name] = [offset, offset + chunk.length, digestOf(chunk)];
    chunks.push(chunk);
    offset += chunk.length;
  }
  const header: CacheHeader = { format: FORMAT, fingerprint, sections };
  if (tree) header.tree = tree.index.tree;

  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  // A fresh name opened exclusively: an existing file or a link there is never written through.
  const text = Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), ...chunks]);
  await writeFile(temp, text, { flag: 'wx', mode: 0o600 });
  await rename(temp, file);
}

function toStored(file: string, entry: CacheEntry): StoredEntry {
  const { id, findings } = entry.outcome;
  return [
    file,
    entry.blob,
    Object.entries(entry.evidence).flat(),
    id?.value ?? null,
    id?.position.line ?? 0,
    id?.position.column ?? 0,
    findings.length > 0 ? findings : 0,
    entry.outcome.claims ?? 0,
  ];
}

function fromStored(stored: StoredEntry): CacheEntry {
  const [file, blob, cited, id, line, column, findings, claims] = stored;
  const evidence: Record<string, string | null> = {};
  for (let i = 0; i + 1 < cited.length; i += 2) evidence[cited[i]!] = cited[i + 1]!;
  const outcome: FileOutcome = { path: file, findings: findings === 0 ? [] : findings };
  if (id !== null) outcome.id = { value: id, position: { line, column } };
  if (claims !== 0) outcome.claims = claims;
  return { blob, evidence, outcome };
}
