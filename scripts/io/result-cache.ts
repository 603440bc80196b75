/**
 * Results of earlier validations, so a file that has not changed is not checked again. An entry
 * is reused only when the packet's bytes, the bytes of every export it cites and the validator
 * itself (its code, the schemas and the repository configuration) are all the same as when the
 * entry was written. A damaged cache is ignored, never trusted.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FileOutcome } from '../core/packet/validate.js';

export interface CacheEntry {
  /** Git blob id of the packet. */
  blob: string;
  /** Git blob id of each export the packet cites, at the time of validation. */
  evidence: Record<string, string | null>;
  outcome: FileOutcome;
}

interface CacheFile {
  fingerprint: string;
  entries: Record<string, CacheEntry>;
}

/** Where the cache lives unless PACKET_CACHE_DIR says otherwise. */
export function cacheFile(root: string, env: NodeJS.ProcessEnv): string {
  const dir = env.PACKET_CACHE_DIR ?? path.join(root, 'node_modules/.cache/exception-packets');
  return path.join(dir, 'validate.json');
}

/** Entries written under the same fingerprint; an empty map for any other or damaged cache. */
export async function loadCache(file: string, fingerprint: string) {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as CacheFile;
    if (parsed.fingerprint !== fingerprint || typeof parsed.entries !== 'object') return new Map();
    return new Map<string, CacheEntry>(Object.entries(parsed.entries));
  } catch {
    return new Map<string, CacheEntry>();
  }
}

/** Writes the cache atomically (temp file, then rename) so a crash never leaves half a file. */
export async function saveCache(
  file: string,
  fingerprint: string,
  entries: Map<string, CacheEntry>,
) {
  const body: CacheFile = { fingerprint, entries: Object.fromEntries(entries) };
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(body));
  await rename(temp, file);
}
