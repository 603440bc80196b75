/**
 * Packet versions for the audit, read from the object store and parsed once each. The audit
 * starts reading the packets on HEAD (and the versions their records approved) while `git log`
 * is still running, so the two overlap instead of adding up.
 */
import { readPacket, type PacketRead } from '../core/history/packet-yaml.js';
import { isPacketPath } from '../core/history/history-index.js';
import { gitClient } from './git.js';
import { readBlobs } from './git-cat-file.js';

/** Parsed packets by blob id; undefined for a blob that is not a readable packet. */
export type PacketsByBlob = Map<string, PacketRead | undefined>;

/** How many packets to parse before letting other pipes (`git log`) be read. */
const SLICE = 200;

/** Blob ids of the packet files in the tree of `ref`, from one `git ls-tree`; none if it fails. */
export async function treePacketBlobs(dir: string, ref: string): Promise<string[]> {
  const out = await gitClient(dir)
    .raw(['ls-tree', '-r', '-z', '--full-tree', ref, '--', 'packets'])
    .catch(() => '');
  const ids: string[] = [];
  for (const entry of out.split('\0')) {
    // "<mode> blob <id>\t<path>"
    const tab = entry.indexOf('\t');
    const [, type, id] = entry.slice(0, tab).split(' ');
    if (type === 'blob' && id !== undefined && isPacketPath(entry.slice(tab + 1))) ids.push(id);
  }
  return ids;
}

/** Reads and parses the blobs among `ids` that `into` does not hold yet, in one `cat-file`. */
export async function readPacketBlobs(
  dir: string,
  ids: readonly string[],
  into: PacketsByBlob,
): Promise<void> {
  const missing = [...new Set(ids)].filter((id) => !into.has(id));
  if (missing.length === 0) return;
  const texts = await readBlobs(dir, missing);

  let parsed = 0;
  for (const [id, text] of texts) {
    into.set(id, readPacket(text));
    parsed += 1;
    // Parsing is the heavy part: give the event loop a turn so a running git log keeps flowing.
    if (parsed % SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}
