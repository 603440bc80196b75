/**
 * Results of earlier validations, so a file that has not changed is not checked again. An entry
 * is reused only when the packet's bytes, the bytes of every export it cites and the validator
 * itself (its code, the schemas and the repository configuration) are all the same as when the
 * entry was written. A damaged cache is ignored, never trusted.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '../core/packet/finding.js';
import type { FileOutcome } from '../core/packet/report.js';

export interface CacheEntry {
  /** Git blob id of the packet. */
  blob: string;
  /** Git blob id of each export the packet cites, at the time of validation. */
  evidence: Record<string, string | null>;
  outcome: FileOutcome;
}

export interface ResultCache {
  entries: Map<string, CacheEntry>;
  /** Findings about the repository configuration, which the fingerprint also covers. */
  configFindings?: Finding[];
}

interface CacheFile {
  fingerprint: string;
  configFindings?: Finding[];
  entries: Record<string, CacheEntry>;
}

/** Where the cache lives unless PACKET_CACHE_DIR says otherwise. */
export function cacheFile(root: string, env: NodeJS.ProcessEnv): string {
  const dir = env.PACKET_CACHE_DIR ?? path.join(root, 'node_modules/.cache/exception-packets');
  return path.join(dir, 'validate.json');
}

/** What was written under the same fingerprint; nothing for any other or a damaged cache. */
export async function loadCache(file: string, fingerprint: string): Promise<ResultCache> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as CacheFile;
    if (parsed.fingerprint !== fingerprint || typeof parsed.entries !== 'object') {
      return { entries: new Map() };
    }
    return {
      entries: new Map(Object.entries(parsed.entries)),
      configFindings: Array.isArray(parsed.configFindings) ? parsed.configFindings : undefined,
    };
  } catch {
    return { entries: new Map() };
  }
}

/** Writes the cache atomically (temp file, then rename) so a crash never leaves half a file. */
export async function saveCache(file: string, fingerprint: string, cache: ResultCache) {
  const body: CacheFile = {
    fingerprint,
    configFindings: cache.configFindings,
    entries: Object.fromEntries(cache.entries),
  };
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(body));
  await rename(temp, file);
}
