/**
 * Reads the evidence files packets cite: checks each path stays inside the repository, hashes
 * the bytes and streams them through the right reader, once per way the packets ask for them.
 * What it finds is returned as `EvidenceFacts`; the rules decide what is wrong.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readFile, realpath } from 'node:fs/promises';
import * as path from 'node:path';
import type { AllocationConfig } from '../core/evidence/allocation.js';
import { ALLOCATION_FILE, parseAllocationConfig } from '../core/evidence/allocation-config.js';
import {
  requestFor,
  summaryKey,
  type EvidenceFacts,
  type SummaryRequest,
} from '../core/evidence/facts.js';
import { readExport } from '../core/evidence/readers/read-export.js';
import { createSummarizer, type ExportSummary } from '../core/evidence/summarize.js';
import type { Finding } from '../core/packet/finding.js';
import type { PacketInput } from '../core/packet/rule.js';

/** Facts for every evidence path the packets cite, by repository-relative path. */
export async function gatherEvidence(
  repoRoot: string,
  inputs: readonly PacketInput[],
  allocation: AllocationConfig,
): Promise<Map<string, EvidenceFacts>> {
  // Step 1: what each path is asked for, deduplicated.
  const wanted = new Map<string, Map<string, SummaryRequest>>();
  for (const input of inputs) {
    for (const ref of input.packet.evidence ?? []) {
      const requests = wanted.get(ref.path) ?? new Map<string, SummaryRequest>();
      const request = requestFor(input.packet, ref);
      requests.set(summaryKey(request), request);
      wanted.set(ref.path, requests);
    }
  }

  // Step 2: a few paths at a time. Each file waits on the disk more than on the processor, so a
  // small number in flight hides that latency; a large export still streams in bounded memory.
  const facts = new Map<string, EvidenceFacts>();
  const queue = [...wanted];
  const readNext = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const [relative, requests] = next;
      facts.set(relative, await gatherOne(repoRoot, relative, [...requests.entries()], allocation));
    }
  };
  await Promise.all(Array.from({ length: FILES_IN_FLIGHT }, readNext));
  return new Map([...wanted.keys()].map((relative) => [relative, facts.get(relative)!]));
}

/** Evidence files read at the same time. */
const FILES_IN_FLIGHT = 8;

/** Loads the allocation config from the repository; absent means empty, without findings. */
export async function loadAllocation(
  repoRoot: string,
): Promise<{ config: AllocationConfig; findings: Finding[] }> {
  let text: string;
  try {
    text = await readFile(path.join(repoRoot, ALLOCATION_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { config: { rules: [], csv_mappings: {} }, findings: [] };
    throw error;
  }
  return parseAllocationConfig(text, ALLOCATION_FILE);
}

/**
 * Resolves a repository-relative evidence path to a real file inside the repository, or says
 * why it is not one. Checked on the text first (no absolute path, no `..`), then on the disk
 * (the real path, after every symlink, must still be inside the repository's real path).
 */
export async function resolveEvidencePath(
  repoRoot: string,
  relative: string,
): Promise<{ file: string } | { code: string; message: string }> {
  const outside = { code: 'EVIDENCE_OUTSIDE_REPO' };
  if (relative.includes('\\') || relative.includes('\0')) {
    return {
      ...outside,
      message: `${JSON.stringify(relative)} must use forward slashes and no control characters`,
    };
  }
  if (path.posix.isAbsolute(relative) || /^[A-Za-z]:/.test(relative)) {
    return {
      ...outside,
      message: `${JSON.stringify(relative)} is absolute; write a path relative to the repository root`,
    };
  }
  if (relative.split('/').some((part) => part === '..')) {
    return {
      ...outside,
      message: `${JSON.stringify(relative)} climbs out with ..; keep the export inside the repository`,
    };
  }

  const root = await realpath(repoRoot);
  const joined = path.join(root, relative);
  let real: string;
  try {
    real = await realpath(joined);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      const isLink = await lstat(joined).then(
        (s) => s.isSymbolicLink(),
        () => false,
      );
      const message = isLink
        ? `${relative} is a symlink to nothing; commit the export itself`
        : `${relative} does not exist; commit the export at that path or correct evidence[].path`;
      return { code: 'EVIDENCE_MISSING', message };
    }
    throw error;
  }
  if (real !== root && !real.startsWith(root + path.sep)) {
    return {
      ...outside,
      message: `${relative} is a symlink that leaves the repository; commit the export itself`,
    };
  }
  const stat = await lstat(real);
  if (!stat.isFile()) {
    return { code: 'EVIDENCE_NOT_A_FILE', message: `${relative} is not a regular file` };
  }
  return { file: real };
}

async function gatherOne(
  repoRoot: string,
  relative: string,
  requests: [string, SummaryRequest][],
  allocation: AllocationConfig,
): Promise<EvidenceFacts> {
  const resolved = await resolveEvidencePath(repoRoot, relative);
  if ('code' in resolved) return { path: relative, problem: resolved };

  // The hash is its own pass: a reader may stop early on a broken header, the hash may not.
  const sha256 = await sha256File(resolved.file);
  const summaries: Record<string, ExportSummary> = {};
  for (const [key, request] of requests) {
    summaries[key] = await summarizeFile(resolved.file, request, allocation);
  }
  return { path: relative, sha256, summaries };
}

/** Lower-case hex sha256 of a file's bytes, streamed. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file) as AsyncIterable<Uint8Array>) hash.update(chunk);
  return hash.digest('hex');
}

/** Streams one export through its reader and the summariser, as validation reads it. */
export async function summarizeFile(
  file: string,
  request: SummaryRequest,
  allocation: AllocationConfig,
): Promise<ExportSummary> {
  const summarizer = createSummarizer({
    periodStart: request.periodStart,
    periodEnd: request.periodEnd,
    ...(request.scope !== undefined ? { scope: request.scope } : {}),
    allocation,
  });
  const chunks = createReadStream(file, { highWaterMark: 256 * 1024 }) as AsyncIterable<Uint8Array>;
  const options = {
    format: request.format,
    costColumn: request.costColumn,
    allocation,
    ...(request.mapping !== undefined ? { mapping: request.mapping } : {}),
  };
  for await (const event of readExport(chunks, options)) summarizer.add(event);
  return summarizer.finish();
}
