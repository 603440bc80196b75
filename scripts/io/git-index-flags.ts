/**
 * Whether git's index marks any file as one git does not compare with the disk (assume-unchanged,
 * skip-worktree, intent-to-add) or holds a merge conflict. Such a file's edits are invisible to
 * `git diff-index`, so a run planned from the tree index must not rely on it.
 *
 * The index file is read directly, by its published format (`gitformat-index`): asking git with
 * `ls-files -v` would send every tracked path down a pipe on every run. Only the fixed part of
 * each entry is looked at; anything this reader does not know gives no answer (undefined), and
 * the caller then checks the whole repository.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ASSUME_VALID = 0x8000;
const EXTENDED = 0x4000;
const STAGE = 0x3000;
const NAME_LENGTH = 0x0fff;
const SKIP_WORKTREE = 0x4000;
const INTENT_TO_ADD = 0x2000;
/** ctime, mtime, dev, ino, mode, uid, gid, size: 4 bytes each but the times, 8. Then the id. */
const STAT = 40;
/** A SHA-1 id's length; a SHA-256 repository's are 32 bytes, and so is its index checksum. */
const SHA1 = 20;
const SHA256 = 32;

export function indexMarksUnwatched(root: string): boolean | undefined {
  if (process.env.GIT_DIR || process.env.GIT_INDEX_FILE || process.env.GIT_WORK_TREE) {
    return undefined;
  }
  let bytes: Buffer;
  let config: string;
  try {
    bytes = readFileSync(path.join(root, '.git', 'index'));
    config = readFileSync(path.join(root, '.git', 'config'), 'utf8');
  } catch {
    // A linked work tree (.git is a file) or no index at all: let git's own tools decide.
    return undefined;
  }
  const idLength = idLengthOf(config);
  return idLength === undefined ? undefined : scanEntries(bytes, idLength);
}

/**
 * How long the repository's object ids are, from `extensions.objectFormat`: 20 bytes unless the
 * config names a format, 32 for SHA-256, and no answer for a setting not read here.
 */
function idLengthOf(config: string): number | undefined {
  if (!/objectformat/i.test(config)) return SHA1;
  return /^[ \t]*objectformat[ \t]*=[ \t]*sha256[ \t]*$/im.test(config) ? SHA256 : undefined;
}

/** Reads the entries' flags; true at the first entry git does not compare with the disk. */
export function scanEntries(bytes: Buffer, idLength = SHA1): boolean | undefined {
  const fixed = STAT + idLength + 2;
  if (bytes.length < 12 || bytes.toString('latin1', 0, 4) !== 'DIRC') return undefined;
  const version = bytes.readUInt32BE(4);
  const count = bytes.readUInt32BE(8);
  if (version < 2 || version > 4) return undefined;

  let at = 12;
  for (let entry = 0; entry < count; entry++) {
    if (at + fixed > bytes.length) return undefined;
    // Read byte by byte: this runs for every tracked file, and the Buffer methods cost more.
    const flags = (bytes[at + fixed - 2]! << 8) | bytes[at + fixed - 1]!;
    if ((flags & (ASSUME_VALID | STAGE)) !== 0) return true;
    let name = at + fixed;
    if ((flags & EXTENDED) !== 0) {
      if (version < 3) return undefined;
      const extended = (bytes[name]! << 8) | bytes[name + 1]!;
      if ((extended & (SKIP_WORKTREE | INTENT_TO_ADD)) !== 0) return true;
      name += 2;
    }
    if (version === 4) {
      // A varint (how much of the previous name to drop), then the rest of the name, NUL-ended.
      while (name < bytes.length && (bytes[name]! & 0x80) !== 0) name++;
      const end = bytes.indexOf(0, name + 1);
      if (end < 0) return undefined;
      at = end + 1;
    } else {
      let length = flags & NAME_LENGTH;
      if (length === NAME_LENGTH) {
        const end = bytes.indexOf(0, name);
        if (end < 0) return undefined;
        length = end - name;
      }
      // Entries are padded with NULs to a multiple of eight bytes, with at least one NUL.
      at += (name - at + length + 8) & ~7;
    }
  }
  return extensionsKnown(bytes, at, idLength) ? false : undefined;
}

/**
 * A split index keeps entries in another file, and a sparse one folds folders into one entry:
 * neither can be read here.
 */
function extensionsKnown(bytes: Buffer, start: number, idLength: number): boolean {
  // The file ends with a checksum as long as an id; extensions sit between the entries and it.
  for (let at = start; at + 8 <= bytes.length - idLength;) {
    const signature = bytes.toString('latin1', at, at + 4);
    if (signature === 'link' || signature === 'sdir') return false;
    at += 8 + bytes.readUInt32BE(at + 4);
  }
  return true;
}
