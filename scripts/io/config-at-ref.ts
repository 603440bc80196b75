/**
 * The repository configuration a commit holds, read from git as a run reads it from a checkout
 * of that commit: the owner folders under `packets/`, and each configuration file's kind and
 * bytes. Both go into the validator's fingerprint, so a commit whose configuration matches the
 * tree index's may reuse it.
 */
import { treeEntries, type GitObject, type GitTreeEntry, type ReadObjects } from './git-at-ref.js';
import type { ConfigRead } from './validator-fingerprint.js';

export interface ConfigAtRef {
  /** The commit the revision names, and its tree. */
  commit: string;
  tree: string;
  owners: string[];
  /** The entries of the commit's top folder. */
  root: GitTreeEntry[];
  /** The entries of `packets/`, when it is a folder. */
  packets: GitTreeEntry[] | undefined;
  /** Undefined when only a checkout could say what a run would read (see configAtRef). */
  configs: [string, ConfigRead][] | undefined;
}

const FILE_MODES = new Set(['100644', '100755']);
const LINK_MODE = '120000';
const FOLDER_MODES = new Set(['040000', '160000']);

/**
 * The configuration at `rev`. Its files are left undefined when only a checkout could say what a
 * run would read: a configuration file or its folder that is a link, read as what it points to.
 * Throws `RevisionNotFound` when `rev` names no commit.
 */
export async function configAtRef(
  read: ReadObjects,
  rev: string,
  configFiles: readonly string[],
): Promise<ConfigAtRef> {
  // Step 1, one git process: the commit, its root tree, and each folder a file is read from.
  const folders = [...new Set(configFiles.map(folderOf).filter((folder) => folder !== ''))];
  const names = [
    `${rev}^{commit}`,
    `${rev}^{tree}`,
    `${rev}:packets`,
    ...folders.map((folder) => `${rev}:${folder}`),
    ...configFiles.map((file) => `${rev}:${file}`),
  ];
  const objects = await read(names);
  const commit = objects.get(names[0]!);
  const tree = objects.get(names[1]!);
  if (commit?.type !== 'commit' || tree?.type !== 'tree') throw new RevisionNotFound(rev);

  // Step 2: each folder's entries, as a listing of the checkout would find them.
  const listings = new Map<string, GitTreeEntry[] | 'link' | undefined>([['', treeEntries(tree)]]);
  for (const folder of [...folders, 'packets']) {
    const entry = entryAt(listings, folder);
    listings.set(
      folder,
      entry?.mode === LINK_MODE ? 'link' : listingOf(objects.get(`${rev}:${folder}`)),
    );
  }

  // A linked packets folder holds no owner folders of this repository (nor does a missing one).
  const packets = listings.get('packets');
  const owners = Array.isArray(packets)
    ? packets
        .filter((entry) => FOLDER_MODES.has(entry.mode) && !entry.name.startsWith('.'))
        .map((entry) => entry.name)
        .sort()
    : [];
  const found = {
    commit: commit.id,
    tree: tree.id,
    owners,
    root: treeEntries(tree),
    packets: Array.isArray(packets) ? packets : undefined,
  };
  if (configFiles.some((file) => listings.get(folderOf(file)) === 'link')) {
    return { ...found, configs: undefined };
  }

  // Step 3: each file's kind and bytes, as a checkout would give them.
  const configs: [string, ConfigRead][] = [];
  for (const file of configFiles) {
    const entry = entryAt(listings, file);
    if (entry?.mode === LINK_MODE) return { ...found, configs: undefined };
    const blob = objects.get(`${rev}:${file}`);
    if (entry === undefined) configs.push([file, absent(listings, file)]);
    else if (FILE_MODES.has(entry.mode) && blob?.type === 'blob') {
      configs.push([file, { kind: 'file', bytes: blob.bytes }]);
    } else {
      // A submodule is checked out as a folder too (empty, unless it is initialised).
      const kind = FOLDER_MODES.has(entry.mode) ? 'folder' : 'other';
      configs.push([file, { kind, bytes: new Uint8Array() }]);
    }
  }
  return { ...found, configs };
}

/**
 * A file the commit lacks, as a checkout finds it: nothing there, or no folder to hold it when
 * its folder is a file in the commit (the findings then name that file). Configuration files sit
 * at most one folder deep, so the top folder's listing shows what their folder is.
 */
function absent(
  listings: ReadonlyMap<string, GitTreeEntry[] | 'link' | undefined>,
  file: string,
): ConfigRead {
  const folder = folderOf(file);
  const holder = folder === '' ? undefined : entryAt(listings, folder);
  const kind = holder !== undefined && FILE_MODES.has(holder.mode) ? 'no folder' : 'none';
  return { kind, bytes: new Uint8Array() };
}

/** The revision names no commit of this repository. */
export class RevisionNotFound extends Error {
  constructor(readonly rev: string) {
    super(`${rev} is not a commit of this repository`);
  }
}

function folderOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash < 0 ? '' : file.slice(0, slash);
}

function listingOf(object: GitObject | undefined): GitTreeEntry[] | undefined {
  return object?.type === 'tree' ? treeEntries(object) : undefined;
}

/** The entry for `file` in its folder's listing, when that folder was read. */
function entryAt(
  listings: ReadonlyMap<string, GitTreeEntry[] | 'link' | undefined>,
  file: string,
): GitTreeEntry | undefined {
  const listing = listings.get(folderOf(file));
  if (!Array.isArray(listing)) return undefined;
  const name = file.slice(file.lastIndexOf('/') + 1);
  return listing.find((entry) => entry.name === name);
}
