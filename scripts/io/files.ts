/**
 * Finding and reading packet files. The file system is read here and nowhere in the core.
 */
import { lstatSync, readdirSync, type Dirent } from 'node:fs';
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../core/errors.js';
import type { PacketFile } from '../core/packet/validate.js';
import { settledStamp, type FolderStamps } from './folder-stamps.js';
import { readPlainFile } from './read-plain-file.js';

/** Folders under packets/ that hold evidence or other material, not packets. */
const NOT_PACKETS = new Set(['evidence']);
const NOT_PACKET_FOLDERS = [...NOT_PACKETS].map((name) => `/${name}/`);

/** Whether a repository-relative path names a packet file (a YAML file under packets/). */
export function isPacketPath(relative: string): boolean {
  if (!relative.startsWith('packets/')) return false;
  if (!relative.endsWith('.yaml') && !relative.endsWith('.yml')) return false;
  // The folders between packets/ and the file, with their slashes: "/owner/evidence/".
  const folders = relative.slice('packets'.length, relative.lastIndexOf('/') + 1);
  return !NOT_PACKET_FOLDERS.some((name) => folders.includes(name));
}

/** Whether a listing walks into a folder of this name (never evidence, never a `.git`). */
export function isWalkedFolder(name: string): boolean {
  return !NOT_PACKETS.has(name) && name !== '.git';
}

/**
 * Every packet file under `packets/` that git could hold, repository-relative, sorted. The
 * folders are read with blocking calls: a few hundred promise-based reads would queue ahead of
 * every other file read of the run in the small pool of threads that serves them, for no gain in
 * a command. With `stamps`, each folder read is stamped first (see folder-stamps.ts), so that an
 * entry added after the read moves the stamp.
 */
export async function listPackets(root: string, stamps?: FolderStamps): Promise<string[]> {
  const found: string[] = [];
  const listedAt = Date.now();
  const walk = (relativeDir: string): void => {
    const stamp = stamps ? settledStamp(path.join(root, relativeDir), listedAt) : '';
    let folder;
    try {
      folder = readPacketFolder(root, relativeDir);
    } catch (error) {
      if (relativeDir === 'packets' && isNotFound(error)) return;
      throw error;
    }
    stamps?.set(relativeDir, stamp);
    for (const file of folder.files) found.push(file);
    for (const inner of folder.folders) walk(inner);
  };
  // A linked packets folder is not walked into, and a file in its place cannot be: either is
  // reported as what it is.
  const top = lstatSync(path.join(root, 'packets'), { throwIfNoEntry: false });
  if (top && !top.isDirectory()) return Promise.resolve(['packets']);
  walk('packets');
  return Promise.resolve(found.sort());
}

/** One folder under packets/, read: its packet files and the folders to walk on into. */
export interface PacketFolder {
  files: string[];
  folders: string[];
}

/** Reads one folder under packets/ (throws what reading it throws). */
export function readPacketFolder(root: string, relativeDir: string): PacketFolder {
  const entries = readdirSync(path.join(root, relativeDir), { withFileTypes: true });
  const folder: PacketFolder = { files: [], folders: [] };
  for (const entry of entries) {
    // Paths are built from the folder's own relative path, which spares a path.relative each.
    const relative = `${relativeDir}/${entry.name}`;
    if (entry.isDirectory()) {
      // A folder whose name is not UTF-8 cannot be opened by the name read back: it is listed,
      // so that reading it reports the name instead of the whole run failing.
      if (hasUnreadableName(entry.name)) folder.files.push(relative);
      else if (isWalkedFolder(entry.name)) folder.folders.push(relative);
    } else if (cannotBeCommitted(entry)) {
      continue;
    } else if (entry.name.endsWith('.yaml') || entry.name.endsWith('.yml')) {
      // Under packets/ and outside evidence folders, as the walk goes: a packet path.
      folder.files.push(relative);
    }
  }
  return folder;
}

/**
 * What git cannot hold is no packet of the repository, and is not listed: a FIFO, a socket or a
 * device (anything in a `.git` folder is skipped with the folder). Named on the command line,
 * such a file is still reported (FILE_NOT_REGULAR), never read.
 */
function cannotBeCommitted(entry: Dirent): boolean {
  return entry.isFIFO() || entry.isSocket() || entry.isCharacterDevice() || entry.isBlockDevice();
}

/**
 * Expands the user's arguments (files or folders, relative to `cwd`) to packet files.
 * A path that does not exist is a usage error, not an empty run. With no arguments, every packet
 * is listed, its folders stamped into `stamps` when given.
 */
export async function resolvePacketArgs(
  root: string,
  cwd: string,
  args: readonly string[],
  stamps?: FolderStamps,
) {
  if (args.length === 0) return listPackets(root, stamps);
  const files = new Set<string>();
  for (const arg of args) {
    const full = path.resolve(cwd, arg);
    const relative = toRelative(root, full);
    if (relative.startsWith('../') || path.isAbsolute(relative)) {
      throw new UsageError(
        `${arg} is outside the repository at ${root}`,
        'pass paths under packets/',
      );
    }
    const stats = await lstat(full).catch(() => undefined);
    if (!stats)
      throw new UsageError(
        `${arg} does not exist`,
        'run `packet validate` with no paths to check every packet',
      );
    if (stats.isDirectory()) {
      // Packets are listed under packets/ only: a folder elsewhere (but the repository's top,
      // which holds them all) would check nothing, silently.
      if (relative !== '' && relative !== 'packets' && !relative.startsWith('packets/')) {
        throw new UsageError(
          `${arg} is not under packets/, so it holds no packet`,
          'pass packet files or folders under packets/, or no path to check every packet',
        );
      }
      const all = await listPackets(root);
      const prefix = relative === '' ? '' : `${relative}/`;
      all.filter((file) => file.startsWith(prefix)).forEach((file) => files.add(file));
    } else {
      files.add(relative);
    }
  }
  return [...files].sort();
}

/** Reads each file's bytes; a symlink is not followed but reported as a finding of its own. */
export async function readPacketFiles(root: string, relatives: readonly string[]) {
  // Packets are small (64 KiB at most): plain blocking reads cost a fraction of thousands of
  // promise-based open/stat/read/close round trips, and this runs in a worker or a CLI.
  return Promise.resolve(relatives.map((relative) => readPacketFile(root, relative)));
}

function readPacketFile(root: string, relative: string): PacketFile {
  // Listed paths are already clean and relative, so a join need not normalise them.
  const full = `${root}${root.endsWith('/') ? '' : '/'}${relative}`;
  let bytes: Uint8Array | undefined;
  try {
    bytes = readPlainFile(full);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem =
      code === 'ENOENT' && hasUnreadableName(relative) ? NAME_NOT_UTF8 : openProblem(code);
    if (problem === undefined) throw error;
    return { path: relative, bytes: new Uint8Array(), problem };
  }
  if (bytes === undefined) {
    // A FIFO or a device would block the read or never end.
    const problem = {
      code: 'FILE_NOT_REGULAR',
      message: 'is not a regular file; commit a YAML file',
    };
    return { path: relative, bytes: new Uint8Array(), problem };
  }
  // Listed only when it is not a folder (listPackets): a file where every packet should live.
  if (relative === 'packets')
    return { path: relative, bytes: new Uint8Array(), problem: NOT_A_FOLDER };
  return { path: relative, bytes };
}

const NOT_A_FOLDER = {
  code: 'PACKETS_NOT_A_FOLDER',
  message:
    'is a file, where packets/ must be a folder holding one folder per owner (packets/<owner>/<packet>.yaml); move the file away and create the folder',
};

/**
 * Whether a name read from a folder stands for bytes that are not UTF-8: Node reads them back as
 * U+FFFD, and a path holding that opens nothing (or another file).
 */
export function hasUnreadableName(name: string): boolean {
  return name.includes('\uFFFD');
}

const NAME_NOT_UTF8 = {
  code: 'FILE_NAME_NOT_UTF8',
  message:
    'has a name (or a folder above it has one) that is not UTF-8, shown here with \uFFFD; rename it using UTF-8 characters only',
};

/** What a failed open says about the file, or undefined for a failure of the machine itself. */
function openProblem(code: string | undefined): { code: string; message: string } | undefined {
  if (code === 'ELOOP') {
    return {
      code: 'FILE_SYMLINK',
      message: 'is a symbolic link; commit the packet itself, links can point outside the review',
    };
  }
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return {
      code: 'FILE_UNREADABLE',
      message: 'was removed while the run read it; run the check again',
    };
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return {
      code: 'FILE_UNREADABLE',
      message: 'cannot be read (permission denied); make it readable, then run the check again',
    };
  }
  return undefined;
}

/** Repository-relative path with forward slashes. */
export function toRelative(root: string, full: string): string {
  return path.relative(root, full).split(path.sep).join('/');
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
