/**
 * Results of earlier validations, so a file that has not changed is not checked again. An entry
 * is reused only when the packet's bytes, the bytes of every export it cites and the validator
 * itself (its code, the schemas and the repository configuration) are all the same as when the
 * entry was written. A damaged cache is ignored, never trusted.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FileOutcome } from '../core/packet/report.js';

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

interface CacheFile {
  fingerprint: string;
  setup?: unknown;
  entries: Record<string, CacheEntry>;
}

/**
 * Where the cache lives unless PACKET_CACHE_DIR says otherwise: under the repository's
 * node_modules (which git ignores) when there is one, else in the system's temp folder, keyed by
 * the repository's path, so it is never written into a work tree where it could be committed.
 */
export function cacheFile(root: string, env: NodeJS.ProcessEnv): string {
  if (env.PACKET_CACHE_DIR) return path.join(env.PACKET_CACHE_DIR, 'validate.json');
  const modules = path.join(root, 'node_modules');
  const key = createHash('sha256').update(path.resolve(root)).digest('hex').slice(0, 16);
  const dir = existsSync(modules)
    ? path.join(modules, '.cache/exception-packets')
    : path.join(tmpdir(), 'exception-packets-cache', key);
  return path.join(dir, 'validate.json');
}

/** What was written under the same fingerprint; nothing for any other or a damaged cache. */
export async function loadCache<Setup>(
  file: string,
  fingerprint: string,
): Promise<ResultCache<Setup>> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as CacheFile;
    if (parsed.fingerprint !== fingerprint || typeof parsed.entries !== 'object') {
      return { entries: new Map() };
    }
    return {
      entries: new Map(Object.entries(parsed.entries)),
      setup: parsed.setup as Setup | undefined,
    };
  } catch {
    return { entries: new Map() };
  }
}

/** Writes the cache atomically (temp file, then rename) so a crash never leaves half a file. */
export async function saveCache(file: string, fingerprint: string, cache: ResultCache) {
  const body: CacheFile = {
    fingerprint,
    setup: cache.setup,
    entries: Object.fromEntries(cache.entries),
  };
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(body));
  await rename(temp, file);
}
