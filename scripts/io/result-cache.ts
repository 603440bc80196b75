/**
 * Results of earlier validations, so a file that has not changed is not checked again. An entry
 * is reused only when the packet's bytes, the bytes of every export it cites and the validator
 * itself (its code, the schemas and the repository configuration) are all the same as when the
 * entry was written. A damaged cache is ignored, never trusted.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
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

/**
 * The file's form: one array per entry rather than one object, which halves the file and makes
 * reading it (the larger part of a warm run) about four times faster.
 * `[path, blob, evidence (path, blob, path, blob...), id, id line, id column, findings, claims]`,
 * with `null` for an absent id and 0 for no findings or no claims.
 */
type StoredEntry = [
  string,
  string,
  (string | null)[],
  string | null,
  number,
  number,
  FileOutcome['findings'] | 0,
  string[] | 0,
];

/**
 * The file is a header line, then the body. The header holds the body's digest: a cache damaged
 * or edited by hand (an entry of the wrong shape, a setup missing its allocation) is then
 * ignored as a whole, rather than trusted until something crashes on it.
 */
interface CacheHeader {
  format: typeof FORMAT;
  fingerprint: string;
  digest: string;
}

interface CacheBody {
  setup?: unknown;
  entries: StoredEntry[];
}

const FORMAT = 4;

function digestOf(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

/**
 * Where the cache lives unless PACKET_CACHE_DIR says otherwise: under the repository's
 * node_modules (which git ignores) when there is one, else in the user's own cache folder
 * (XDG_CACHE_HOME or ~/.cache), keyed by the repository's path: never into a work tree where it
 * could be committed.
 */
export function cacheFile(root: string, env: NodeJS.ProcessEnv): string {
  if (env.PACKET_CACHE_DIR) return path.join(env.PACKET_CACHE_DIR, 'validate.json');
  const modules = path.join(root, 'node_modules');
  const key = createHash('sha256').update(path.resolve(root)).digest('hex').slice(0, 16);
  // Never a shared folder such as /tmp, where another user could plant a cache or a link.
  const userCache = env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  const dir = existsSync(modules)
    ? path.join(modules, '.cache/exception-packets')
    : path.join(userCache, 'exception-packets', key);
  return path.join(dir, 'validate.json');
}

/** What was written under the same fingerprint; nothing for any other or a damaged cache. */
export function loadCache<Setup>(file: string, fingerprint: string): ResultCache<Setup> {
  try {
    // A blocking read: this runs while git answers, and must not queue behind other reads.
    const text = readFileSync(file, 'utf8');
    const newline = text.indexOf('\n');
    if (newline < 0) return { entries: new Map() };
    const header = JSON.parse(text.slice(0, newline)) as CacheHeader;
    const body = text.slice(newline + 1);
    if (
      header.format !== FORMAT ||
      header.fingerprint !== fingerprint ||
      header.digest !== digestOf(body)
    ) {
      return { entries: new Map() };
    }
    const parsed = JSON.parse(body) as CacheBody;
    const entries = new Map<string, CacheEntry>();
    for (const stored of parsed.entries) entries.set(stored[0], fromStored(stored));
    return { entries, setup: parsed.setup as Setup | undefined };
  } catch {
    return { entries: new Map() };
  }
}

/** Writes the cache atomically (temp file, then rename) so a crash never leaves half a file. */
export async function saveCache(file: string, fingerprint: string, cache: ResultCache) {
  const body = JSON.stringify({
    setup: cache.setup,
    entries: [...cache.entries].map(([path, entry]) => toStored(path, entry)),
  } satisfies CacheBody);
  const header: CacheHeader = { format: FORMAT, fingerprint, digest: digestOf(body) };
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  // A fresh name opened exclusively: an existing file or a link there is never written through.
  await writeFile(temp, `${JSON.stringify(header)}\n${body}`, { flag: 'wx', mode: 0o600 });
  await rename(temp, file);
}

function toStored(file: string, entry: CacheEntry): StoredEntry {
  const { id, findings } = entry.outcome;
  return [
    file,
    entry.blob,
    Object.entries(entry.evidence).flat(),
    id?.value ?? null,
    id?.position.line ?? 0,
    id?.position.column ?? 0,
    findings.length > 0 ? findings : 0,
    entry.outcome.claims ?? 0,
  ];
}

function fromStored(stored: StoredEntry): CacheEntry {
  const [file, blob, cited, id, line, column, findings, claims] = stored;
  const evidence: Record<string, string | null> = {};
  for (let i = 0; i + 1 < cited.length; i += 2) evidence[cited[i]!] = cited[i + 1]!;
  const outcome: FileOutcome = { path: file, findings: findings === 0 ? [] : findings };
  if (id !== null) outcome.id = { value: id, position: { line, column } };
  if (claims !== 0) outcome.claims = claims;
  return { blob, evidence, outcome };
}
