/**
 * A repository's objects read straight from its files (loose objects and packs), for the few a
 * pull request's run needs: starting `git cat-file` costs more than the whole check of a few
 * packets. Only the plain case is read here; anything else is left to git, by answering
 * `undefined` for the whole batch:
 *
 * - a repository whose config names extensions (another object format, reftable refs), that
 *   borrows objects from elsewhere (alternates), replaces objects (refs/replace), or that git's
 *   variables point elsewhere;
 * - a revision other than HEAD or a full object id;
 * - an object in neither a loose file nor a pack here, or whose bytes do not hash to its id (so a
 *   misread can only ever send the batch to git, never give other bytes).
 *
 * A name git would report missing (a path no tree holds) is left out of the answer, as git does.
 */
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import type { GitObject, ReadObjects } from './git-at-ref.js';
import { OpenFiles } from './read-at.js';

const ID = /^[0-9a-f]{40}$/;
const TYPES = ['', 'commit', 'tree', 'blob', 'tag'] as const;
const OFS_DELTA = 6;
const REF_DELTA = 7;
/** Git's own limit on the tags it peels in a row. */
const MAX_PEEL = 10;
/** Bytes read at a pack entry first: its header, and the whole of most entries. */
const FIRST_READ = 16 * 1024;

/** The batch cannot be answered here: ask git. */
class AskGit extends Error {}

/** Reads objects from the repository at `root`, or undefined when its layout is not plain. */
export function objectFilesAt(root: string): ReadObjectFiles | undefined {
  const places = repositoryPlaces(root);
  if (!places) return undefined;
  const store = new ObjectFiles(places);
  return (names) => {
    try {
      return store.answer(names);
    } catch {
      // Whatever stopped the reading here (a layout it does not know, a damaged file), git
      // reads the same objects, and says what is wrong when something is.
      return undefined;
    }
  };
}

/** Like ReadObjects, synchronous, and undefined when git must answer. */
export type ReadObjectFiles = (names: readonly string[]) => Map<string, GitObject> | undefined;

/** Answers from the files when they can, else from git (started only when first needed). */
export function readingFilesFirst(
  files: ReadObjectFiles | undefined,
  git: ReadObjects,
): ReadObjects {
  return async (names) => files?.(names) ?? git(names);
}

interface Places {
  /** The worktree's own git folder (its HEAD). */
  gitDir: string;
  /** Where objects and refs are shared from (the same folder outside linked worktrees). */
  commonDir: string;
}

function repositoryPlaces(root: string): Places | undefined {
  const pointed = [
    'GIT_DIR',
    'GIT_COMMON_DIR',
    'GIT_OBJECT_DIRECTORY',
    'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  ];
  if (pointed.some((name) => process.env[name] !== undefined)) return undefined;
  if (process.env.GIT_NO_REPLACE_OBJECTS !== undefined) return undefined;

  try {
    const dotGit = path.join(root, '.git');
    const gitDir = statSync(dotGit).isDirectory() ? dotGit : linkedGitDir(root, dotGit);
    if (!gitDir) return undefined;
    const common = path.join(gitDir, 'commondir');
    const commonDir = existsSync(common)
      ? path.resolve(gitDir, readFileSync(common, 'utf8').trim())
      : gitDir;
    return plainLayout(commonDir) ? { gitDir, commonDir } : undefined;
  } catch {
    return undefined;
  }
}

/** The folder a `.git` file names (a linked worktree or a submodule). */
function linkedGitDir(root: string, dotGit: string): string | undefined {
  const line = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'));
  return line ? path.resolve(root, line[1]!.trim()) : undefined;
}

/** No extensions, no borrowed objects, no replaced objects: what this reader knows. */
function plainLayout(commonDir: string): boolean {
  const config = readFileSync(path.join(commonDir, 'config'), 'utf8');
  if (/^\s*\[extensions\]/im.test(config)) return false;
  if (existsSync(path.join(commonDir, 'objects/info/alternates'))) return false;
  if (existsSync(path.join(commonDir, 'refs/replace'))) return false;
  const packed = readIfThere(path.join(commonDir, 'packed-refs'));
  return packed === undefined || !packed.includes('refs/replace/');
}

function readIfThere(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

interface Pack {
  idxFile: string;
  /** The index's fan-out table: how many ids start with each byte or a lower one. */
  fanout: Buffer;
  count: number;
  packFile: string;
}

/** A tree's entries by name, as `entriesOf` reads them. */
type TreeListing = Map<string, { id: string; mode: string }>;

class ObjectFiles {
  private packs?: Pack[];
  private readonly cache = new Map<string, GitObject>();
  private readonly listings = new Map<string, TreeListing>();
  /** The packs' files, open for one batch. */
  private readonly files = new OpenFiles();

  constructor(private readonly places: Places) {}

  answer(names: readonly string[]): Map<string, GitObject> {
    try {
      const found = new Map<string, GitObject>();
      for (const name of names) {
        const object = this.resolve(name);
        if (object) found.set(name, object);
      }
      return found;
    } finally {
      this.files.close();
    }
  }

  /** `<id>`, `<rev>^{commit}`, `<rev>^{tree}` or `<rev>:<path>`; undefined where git finds none. */
  private resolve(name: string): GitObject | undefined {
    const colon = name.indexOf(':');
    if (colon >= 0)
      return this.atPath(
        this.peel(this.revision(name.slice(0, colon)), 'tree'),
        name.slice(colon + 1),
      );

    const peel = /^(.*)\^\{(commit|tree)\}$/.exec(name);
    if (peel) return this.peel(this.revision(peel[1]!), peel[2] as 'commit' | 'tree');
    return this.object(this.revision(name));
  }

  private revision(rev: string): string {
    if (ID.test(rev)) return rev;
    if (rev !== 'HEAD') throw new AskGit();
    return this.head();
  }

  private head(): string {
    const head = readFileSync(path.join(this.places.gitDir, 'HEAD'), 'utf8').trim();
    if (ID.test(head)) return head;
    const ref = /^ref: (refs\/[^\s]+)$/.exec(head)?.[1];
    if (!ref) throw new AskGit();
    return this.ref(ref);
  }

  private ref(ref: string): string {
    if (ref.split('/').some((part) => part === '' || part === '.' || part === '..'))
      throw new AskGit();
    const loose = readIfThere(path.join(this.places.commonDir, ref))?.trim();
    if (loose !== undefined) {
      if (ID.test(loose)) return loose;
      throw new AskGit();
    }
    const packed = readIfThere(path.join(this.places.commonDir, 'packed-refs')) ?? '';
    for (const line of packed.split('\n')) {
      const [id, name] = line.split(' ');
      if (name === ref && id !== undefined && ID.test(id)) return id;
    }
    // A branch with no commit yet, or a ref git keeps elsewhere.
    throw new AskGit();
  }

  /** The object `id` stands for, peeled through tags to a commit or a tree. */
  private peel(id: string, to: 'commit' | 'tree'): GitObject | undefined {
    let object = this.object(id);
    for (let step = 0; step < MAX_PEEL && object; step += 1) {
      if (object.type === to) return object;
      if (object.type === 'tag') object = this.object(headerField(object.bytes, 'object'));
      else if (object.type === 'commit' && to === 'tree')
        object = this.object(headerField(object.bytes, 'tree'));
      else return undefined;
    }
    return undefined;
  }

  /** The entry at `file` under `tree`, as git resolves `<rev>:<path>`. */
  private atPath(tree: GitObject | undefined, file: string): GitObject | undefined {
    if (!tree) return undefined;
    if (file === '') return tree;
    const parts = file.split('/');
    if (parts.some((part) => part === '' || part === '.' || part === '..')) throw new AskGit();

    let current: GitObject = tree;
    for (const [at, part] of parts.entries()) {
      const entry = this.listingOf(current).get(part);
      if (!entry) return undefined;
      // Git walks only into an entry a folder's mode marks, and a submodule's commit is in
      // another repository: what an entry holds must be what its mode says, or git decides.
      const type = typeOfMode(entry.mode);
      if (type === undefined) throw new AskGit();
      current = this.object(entry.id);
      if (current.type !== type) throw new AskGit();
      if (at < parts.length - 1 && type !== 'tree') return undefined;
    }
    return current;
  }

  /** A tree's entries, read once: a run looks several paths up in the same few trees. */
  private listingOf(tree: GitObject): TreeListing {
    let listing = this.listings.get(tree.id);
    if (!listing) {
      listing = entriesOf(tree.bytes);
      this.listings.set(tree.id, listing);
    }
    return listing;
  }

  /** The object with this id, read and checked; a missing one is git's to judge. */
  private object(id: string): GitObject {
    const known = this.cache.get(id);
    if (known) return known;
    const read = this.loose(id) ?? this.packed(id);
    if (!read) throw new AskGit();
    const object = { id, type: read.type, bytes: read.bytes };
    if (hashOf(object) !== id) throw new AskGit();
    this.cache.set(id, object);
    return object;
  }

  private loose(id: string): { type: string; bytes: Buffer } | undefined {
    let raw: Buffer;
    try {
      raw = readFileSync(path.join(this.places.commonDir, 'objects', id.slice(0, 2), id.slice(2)));
    } catch {
      return undefined;
    }
    const inflated = inflateSync(raw);
    const space = inflated.indexOf(0x20);
    const nul = inflated.indexOf(0);
    if (space < 0 || nul < space) throw new AskGit();
    return { type: inflated.toString('latin1', 0, space), bytes: inflated.subarray(nul + 1) };
  }

  private packed(id: string): { type: string; bytes: Buffer } | undefined {
    const wanted = Buffer.from(id, 'hex');
    for (const pack of this.allPacks()) {
      const offset = offsetIn(this.files, pack, wanted);
      if (offset !== undefined) return this.entryAt(pack, offset, 0);
    }
    return undefined;
  }

  private allPacks(): Pack[] {
    if (this.packs) return this.packs;
    const folder = path.join(this.places.commonDir, 'objects/pack');
    const names = existsSync(folder) ? readdirSync(folder) : [];
    this.packs = names
      .filter((name) => name.endsWith('.idx'))
      .sort()
      .map((name) => {
        const idxFile = path.join(folder, name);
        const head = this.files.readAt(idxFile, 0, 8 + 256 * 4);
        // Version 2 only: "\xfftOc", then version 2.
        if (head.readUInt32BE(0) !== 0xff744f63 || head.readUInt32BE(4) !== 2) throw new AskGit();
        const fanout = head.subarray(8);
        const count = fanout.readUInt32BE(255 * 4);
        return { idxFile, fanout, count, packFile: idxFile.replace(/\.idx$/, '.pack') };
      });
    return this.packs;
  }

  /** The object at `offset` in a pack, its deltas applied. */
  private entryAt(pack: Pack, offset: number, depth: number): { type: string; bytes: Buffer } {
    if (depth > 50) throw new AskGit();
    // Most entries (a tree of a few hundred names, a packet) fit in the first read.
    let data = this.files.readAt(pack.packFile, offset, FIRST_READ);

    let at = 0;
    let byte = data[at++]!;
    const kind = (byte >> 4) & 7;
    let size = byte & 15;
    for (let shift = 4; byte & 0x80; shift += 7) {
      byte = data[at++]!;
      size += (byte & 0x7f) * 2 ** shift;
    }
    let back = 0;
    if (kind === OFS_DELTA) {
      byte = data[at++]!;
      back = byte & 0x7f;
      while (byte & 0x80) {
        byte = data[at++]!;
        back = (back + 1) * 128 + (byte & 0x7f);
      }
    }
    const start = kind === REF_DELTA ? at + 20 : at;
    // Deflate never grows data by more than a few bytes per block.
    const length = start + size + Math.ceil(size / 1000) + 64;
    if (data.length < length) data = this.files.readAt(pack.packFile, offset, length);

    if (kind === OFS_DELTA) {
      const base = this.entryAt(pack, offset - back, depth + 1);
      return { type: base.type, bytes: applyDelta(base.bytes, inflated(data, start, size)) };
    }
    if (kind === REF_DELTA) {
      const base = this.object(data.toString('hex', at, at + 20));
      return { type: base.type, bytes: applyDelta(base.bytes, inflated(data, start, size)) };
    }
    const type = TYPES[kind];
    if (!type) throw new AskGit();
    return { type, bytes: inflated(data, start, size) };
  }
}

/** The offset of an object in a pack, from its version 2 index; undefined if not there. */
function offsetIn(files: OpenFiles, pack: Pack, id: Buffer): number | undefined {
  const { fanout, idxFile } = pack;
  const first = id[0]!;
  const low = first === 0 ? 0 : fanout.readUInt32BE((first - 1) * 4);
  const high = fanout.readUInt32BE(first * 4);
  // The ids sharing the first byte, read at once: few, as ids spread evenly.
  const ids = files.readAt(idxFile, 8 + 256 * 4 + low * 20, (high - low) * 20);

  let from = 0;
  let to = high - low;
  while (from < to) {
    const middle = (from + to) >>> 1;
    const order = id.compare(ids, middle * 20, middle * 20 + 20);
    if (order === 0) return offsetAt(files, pack, low + middle);
    if (order < 0) to = middle;
    else from = middle + 1;
  }
  return undefined;
}

function offsetAt(files: OpenFiles, { idxFile, count }: Pack, position: number): number {
  const offsets = 8 + 256 * 4 + count * 24;
  const small = files.readAt(idxFile, offsets + position * 4, 4).readUInt32BE(0);
  if (!(small & 0x80000000)) return small;
  const large = offsets + count * 4 + (small & 0x7fffffff) * 8;
  return Number(files.readAt(idxFile, large, 8).readBigUInt64BE(0));
}

/** The zlib stream at `at`, which must inflate to exactly `size` bytes. */
function inflated(data: Buffer, at: number, size: number): Buffer {
  const bytes = inflateSync(data.subarray(at), { maxOutputLength: Math.max(size, 1) });
  if (bytes.length !== size) throw new AskGit();
  return bytes;
}

/** Git's delta format: the base's and the result's sizes, then copy and insert instructions. */
function applyDelta(base: Buffer, delta: Buffer): Buffer {
  let at = 0;
  const varint = (): number => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = delta[at++];
      if (byte === undefined) throw new AskGit();
      value += (byte & 0x7f) * 2 ** shift;
      if (!(byte & 0x80)) return value;
    }
  };
  if (varint() !== base.length) throw new AskGit();
  const result = Buffer.alloc(varint());

  let written = 0;
  while (at < delta.length) {
    const op = delta[at++]!;
    if (op & 0x80) {
      let offset = 0;
      let length = 0;
      for (let bit = 0; bit < 4; bit += 1)
        if (op & (1 << bit)) offset += delta[at++]! * 2 ** (8 * bit);
      for (let bit = 0; bit < 3; bit += 1)
        if (op & (16 << bit)) length += delta[at++]! * 2 ** (8 * bit);
      if (length === 0) length = 0x10000;
      if (offset + length > base.length || written + length > result.length) throw new AskGit();
      base.copy(result, written, offset, offset + length);
      written += length;
    } else if (op > 0) {
      if (at + op > delta.length || written + op > result.length) throw new AskGit();
      delta.copy(result, written, at, at + op);
      at += op;
      written += op;
    } else {
      throw new AskGit();
    }
  }
  if (written !== result.length) throw new AskGit();
  return result;
}

/** A tree object's entries by name (each name as UTF-8 text, as a path names it). */
function entriesOf(tree: Buffer): TreeListing {
  const listing: TreeListing = new Map();
  let before: Buffer | undefined;
  let at = 0;
  while (at < tree.length) {
    const space = tree.indexOf(0x20, at);
    const nul = tree.indexOf(0, space);
    if (space < 0 || nul < 0 || nul + 21 > tree.length) throw new AskGit();
    const mode = tree.toString('latin1', at, space);
    const entry = tree.subarray(space + 1, nul);
    // Git looks a name up in sorted order (a folder sorts as if it ended in "/") and never
    // matches one holding "/": a tree not so made is one whose answers only git can give.
    const key = mode === '40000' ? Buffer.concat([entry, SLASH]) : entry;
    if (entry.includes(0x2f) || (before && Buffer.compare(before, key) >= 0)) throw new AskGit();
    before = key;

    // A name that is not UTF-8 would read back as another text, and a name held twice (a file
    // and a folder, which sort apart) is a tree git itself reports: git looks those up.
    if (!isUtf8(entry)) throw new AskGit();
    const name = entry.toString('utf8');
    if (listing.has(name)) throw new AskGit();
    listing.set(name, { id: tree.toString('hex', nul + 1, nul + 21), mode });
    at = nul + 21;
  }
  return listing;
}

const SLASH = Buffer.from('/');

/** The object type a tree entry's mode says it holds. */
function typeOfMode(mode: string): string | undefined {
  if (mode === '40000') return 'tree';
  if (mode === '100644' || mode === '100755' || mode === '120000') return 'blob';
  return undefined;
}

/** A header line's value in a commit or tag (`tree <id>`, `object <id>`). */
function headerField(bytes: Buffer, field: string): string {
  const end = bytes.indexOf('\n\n');
  const header = bytes.toString('utf8', 0, end < 0 ? bytes.length : end);
  const value = new RegExp(`^${field} ([0-9a-f]{40})$`, 'm').exec(header)?.[1];
  if (!value) throw new AskGit();
  return value;
}

function hashOf(object: GitObject): string {
  return createHash('sha1')
    .update(`${object.type} ${object.bytes.length}\0`)
    .update(object.bytes)
    .digest('hex');
}
