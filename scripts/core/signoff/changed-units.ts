/**
 * Sorts a PR's changed files into what needs sign-off: each packet path (added, changed or
 * removed; a rename counts as both), and the gate files.
 */
import { isGatePath } from '../ownership/gate-paths.js';
import type { ChangedFile } from './types.js';

export interface PacketChange {
  path: string;
  /** True when the path no longer exists at the head (removed, or renamed away). */
  removed: boolean;
}

export interface ChangedUnits {
  packets: PacketChange[];
  gateFiles: string[];
}

/** True for any file under `packets/`: every one of them is signed off. */
export function isPacketPath(path: string): boolean {
  return path.startsWith('packets/');
}

/** The owner folder of a packet path (`packets/<owner>/...`), if it has one. */
export function ownerFolderOf(path: string): string | undefined {
  const parts = path.split('/');
  return parts.length >= 3 ? parts[1] : undefined;
}

/** Classifies changed files; order follows the API's listing, duplicates are dropped. */
export function changedUnits(files: readonly ChangedFile[]): ChangedUnits {
  const packets = new Map<string, PacketChange>();
  const gateFiles = new Set<string>();

  const note = (path: string, removed: boolean): void => {
    if (isPacketPath(path)) packets.set(path, { path, removed });
    if (isGatePath(path)) gateFiles.add(path);
  };

  for (const file of files) {
    if (file.status === 'unchanged') continue;
    note(file.path, file.status === 'removed');
    if (file.previousPath !== undefined && file.previousPath !== file.path) {
      note(file.previousPath, true);
    }
  }
  return { packets: [...packets.values()], gateFiles: [...gateFiles] };
}
