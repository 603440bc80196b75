/**
 * Reads the evidence files packets cite: checks each path stays inside the repository, hashes
 * the bytes and streams them through the right reader, once per way the packets ask for them.
 * What it finds is returned as `EvidenceFacts`; the rules decide what is wrong.
 */
import { createHash } from 'node:crypto';
import { createReadStream, lstatSync, realpathSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import * as path from 'node:path';
import type { AllocationConfig } from '../core/evidence/allocation.js';
import {
  ALLOCATION_FILE,
  allocationNotRead,
  parseAllocationConfig,
} from '../core/evidence/allocation-config.js';
import { evidencePathProblem } from '../core/evidence/evidence-path.js';
import { requestsByPath, type EvidenceFacts, type SummaryRequest } from '../core/evidence/facts.js';
import { summarizeExport } from '../core/evidence/summarize-export.js';
import type { ExportSummary } from '../core/evidence/summarize.js';
import type { Finding } from '../core/packet/finding.js';
import type { PacketInput } from '../core/packet/rule.js';
import { readConfigFile } from './config-file.js';
import { readPlainFile } from './read-plain-file.js';

/** Facts for every evidence path the packets cite, by repository-relative path. */
export async function gatherEvidence(
  repoRoot: string,
  inputs: readonly PacketInput[],
  allocation: AllocationConfig,
): Promise<Map<string, EvidenceFacts>> {
  // Step 1: what each path is asked for, deduplicated.
  const wanted = requestsByPath(inputs);

  // Step 2: a few paths at a time. Each file waits on the disk more than on the processor, so a
  // small number in flight hides that latency; a large export still streams in bounded memory.
  const root = await realpath(repoRoot);
  const facts = new Map<string, EvidenceFacts>();
  const queue = [...wanted];
  const readNext = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const [relative, requests] = next;
      facts.set(relative, await gatherOne(root, relative, requests, allocation));
    }
  };
  await Promise.all(Array.from({ length: FILES_IN_FLIGHT }, readNext));
  return new Map([...wanted.keys()].map((relative) => [relative, facts.get(relative)!]));
}

/** Evidence files read at the same time. */
const FILES_IN_FLIGHT = 8;

/**
 * Loads the allocation config from the repository, through a link at its path as a checkout of
 * the repository would. Absent means empty, without findings; anything at its path but a plain
 * file (a folder, or a file where the .github folder should be) means empty, with the finding.
 */
export async function loadAllocation(
  repoRoot: string,
): Promise<{ config: AllocationConfig; findings: Finding[] }> {
  const read = await readConfigFile(repoRoot, ALLOCATION_FILE, { followLink: true });
  if (read.kind !== 'file') return allocationNotRead(read, ALLOCATION_FILE);
  return parseAllocationConfig(read.text, ALLOCATION_FILE);
}

/**
 * Resolves a repository-relative evidence path to a real file inside the repository, or says
 * why it is not one. Checked on the text first (no absolute path, no `..`), then on the disk
 * (the real path, after every symlink, must still be inside the repository's real path).
 */
export async function resolveEvidencePath(
  repoRoot: string,
  relative: string,
): Promise<{ file: string; size: number } | { code: string; message: string }> {
  return resolveInRoot(await realpath(repoRoot), relative);
}

/**
 * `resolveEvidencePath` for a root whose real path is known (it is the same for every file).
 * Blocking calls: for thousands of small files they cost a tenth of the promise-based ones, and
 * this runs in a command or a worker thread, never beside other work that would wait.
 */
function resolveInRoot(
  root: string,
  relative: string,
): { file: string; size: number } | { code: string; message: string } {
  const textProblem = evidencePathProblem(relative);
  if (textProblem !== undefined) return textProblem;

  const joined = path.join(root, relative);
  let real: string;
  try {
    real = realpathSync.native(joined);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      const message = isSymlink(joined)
        ? `${relative} is a symlink to nothing; commit the export itself`
        : `${relative} does not exist; commit the export at that path or correct evidence[].path`;
      return { code: 'EVIDENCE_MISSING', message };
    }
    if (code === 'ELOOP' || code === 'EACCES' || code === 'ENAMETOOLONG') {
      const why =
        code === 'ELOOP' ? 'a symlink loop' : code === 'EACCES' ? 'unreadable' : 'too long';
      return {
        code: 'EVIDENCE_MISSING',
        message: `${relative} cannot be read (${why}); commit the export itself as a plain file`,
      };
    }
    throw error;
  }
  if (real !== root && !real.startsWith(root + path.sep)) {
    return {
      code: 'EVIDENCE_OUTSIDE_REPO',
      message: `${relative} is a symlink that leaves the repository; commit the export itself`,
    };
  }
  const stat = lstatSync(real);
  if (!stat.isFile()) {
    return { code: 'EVIDENCE_NOT_A_FILE', message: notAFile(relative) };
  }
  return { file: real, size: stat.size };
}

/**
 * Whether a link stands at `full`. Not when nothing is there, nor when one of the folders on the
 * way is a file (ENOTDIR): a path ending in a slash after a file's name, say.
 */
function isSymlink(full: string): boolean {
  try {
    return lstatSync(full, { throwIfNoEntry: false })?.isSymbolicLink() === true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return false;
    throw error;
  }
}

/**
 * Exports up to this size are read into memory once, then hashed and summarised from there;
 * larger ones are streamed twice, in bounded memory.
 */
const READ_WHOLE_BYTES = 8 * 1024 * 1024;

async function gatherOne(
  root: string,
  relative: string,
  requests: [string, SummaryRequest][],
  allocation: AllocationConfig,
): Promise<EvidenceFacts> {
  const resolved = resolveInRoot(root, relative);
  if ('code' in resolved) return { path: relative, problem: resolved };

  try {
    return await readAndSummarise(resolved, relative, requests, allocation);
  } catch (error) {
    // Unreadable, or removed or replaced since it was resolved: a finding on this export, not
    // the end of the run for every other packet.
    const problem = readProblem(relative, (error as NodeJS.ErrnoException).code);
    if (problem === undefined) throw error;
    return { path: relative, problem, unreadable: true };
  }
}

async function readAndSummarise(
  resolved: { file: string; size: number },
  relative: string,
  requests: [string, SummaryRequest][],
  allocation: AllocationConfig,
): Promise<EvidenceFacts> {
  // Opened without following a link and without blocking, then judged by the descriptor: a FIFO
  // swapped in since the path was resolved must not hang the run.
  const small = resolved.size <= READ_WHOLE_BYTES;
  const whole = small ? readPlainFile(resolved.file) : undefined;
  if (small && whole === undefined) {
    return {
      path: relative,
      problem: { code: 'EVIDENCE_NOT_A_FILE', message: notAFile(relative) },
    };
  }
  // The hash is its own pass: a reader may stop early on a broken header, the hash may not.
  const sha256 = whole
    ? createHash('sha256').update(whole).digest('hex')
    : await sha256File(resolved.file);
  const summaries: Record<string, ExportSummary> = {};
  for (const [key, request] of requests) {
    summaries[key] = whole
      ? await summarizeExport(inMemory(whole), request, allocation)
      : await summarizeFile(resolved.file, request, allocation);
  }
  return { path: relative, sha256, summaries };
}

/** What a failed read says about the export, or undefined for a failure of the machine. */
function readProblem(relative: string, code: string | undefined) {
  if (code === 'EACCES' || code === 'EPERM') {
    return {
      code: 'EVIDENCE_MISSING',
      message: `${relative} cannot be read (unreadable); make it readable or commit the export itself`,
    };
  }
  if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP') {
    return {
      code: 'EVIDENCE_MISSING',
      message: `${relative} was removed or replaced while the run read it; run the check again`,
    };
  }
  return undefined;
}

function notAFile(relative: string): string {
  return `${relative} is not a regular file`;
}

/** Bytes already read, as the chunks a reader takes (in pieces the size a stream would give). */
function inMemory(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  const pieces: Uint8Array[] = [];
  for (let start = 0; start < bytes.length; start += STREAM_CHUNK) {
    pieces.push(bytes.subarray(start, start + STREAM_CHUNK));
  }
  return {
    [Symbol.asyncIterator]: () => {
      const each = pieces[Symbol.iterator]();
      return { next: () => Promise.resolve(each.next()) };
    },
  };
}

const STREAM_CHUNK = 256 * 1024;

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
  const chunks = createReadStream(file, {
    highWaterMark: STREAM_CHUNK,
  }) as AsyncIterable<Uint8Array>;
  return summarizeExport(chunks, request, allocation);
}
