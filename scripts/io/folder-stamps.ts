/**
 * Folder stamps: a folder gains or loses an entry only with a new change time, so a folder whose
 * stamp is the one a listing took needs no reading to know that its entries are the same.
 */
import { lstatSync } from 'node:fs';

/**
 * A folder changed this close to the listing may change again within the same tick of the file
 * system's clock, and keep its stamp: such a folder is read on every run instead. Some file
 * systems keep times to the second (ext3, HFS+) or to two seconds (FAT), hence the margin.
 */
const SETTLE_MS = 2000;

/** Relative folder path to its stamp; an empty stamp means "read it every time". */
export type FolderStamps = Map<string, string>;

/**
 * The folder's stamp now: its inode, modification and change times in nanoseconds (the change
 * time moves with any entry added, removed or renamed, and with any reset of the modification
 * time); null when nothing is there; undefined for anything that is not a plain folder.
 */
export function readStamp(full: string): string | null | undefined {
  let stats;
  try {
    stats = lstatSync(full, { bigint: true, throwIfNoEntry: false });
  } catch {
    return undefined;
  }
  if (stats === undefined) return null;
  if (!stats.isDirectory()) return undefined;
  return `${stats.ino}.${stats.mtimeNs}.${stats.ctimeNs}`;
}

/** The stamp an index may keep for a folder listed from `listedAt` on (ms), or '' if unsettled. */
export function settledStamp(full: string, listedAt: number): string {
  const stamp = readStamp(full);
  if (typeof stamp !== 'string') return '';
  const changedAt = Number(BigInt(stamp.slice(stamp.lastIndexOf('.') + 1)) / 1_000_000n);
  return changedAt >= listedAt - SETTLE_MS ? '' : stamp;
}
