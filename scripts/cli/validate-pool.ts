/**
 * Checks files on several threads: this one and worker threads started early, so each worker
 * loads the validator while this thread still reads git and the repository configuration.
 * Files go out in small batches, one more whenever a thread finishes one, so a thread slowed by
 * the machine's other work never holds the rest up.
 */
import { existsSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import type { ChunkRequest, ChunkResult } from './validate-chunk.js';

/** Files per batch: small enough to share out evenly, large enough to keep messages few. */
const BATCH = 128;

/** Batches a worker holds at once, so it never waits for this thread to send the next. */
const IN_FLIGHT = 2;

export type ToWorker =
  | { kind: 'setup'; request: Omit<ChunkRequest, 'paths'> }
  | { kind: 'batch'; batch: number; paths: string[] };

interface FromWorker {
  batch: number;
  results: ChunkResult[];
}

export interface Pool {
  /** Worker threads started besides this one. */
  workers: number;
  /** Checks every file, on this thread and the workers; results in no particular order. */
  check(request: Omit<ChunkRequest, 'paths'>, files: readonly string[]): Promise<ChunkResult[]>;
  /** Stops the workers without checking anything (a run that failed before it could). */
  close(): Promise<void>;
}

/**
 * Starts `workers` worker threads now. Run from TypeScript sources (the test runner) there is no
 * compiled worker: every file is then checked on this thread.
 */
export async function startPool(workers: number): Promise<Pool> {
  const entry = new URL('./validate-worker.js', import.meta.url);
  // Loaded only when a thread is started: most runs check on this thread alone.
  const threads =
    workers > 0 && existsSync(entry) ? await import('node:worker_threads') : undefined;
  const started = threads ? Array.from({ length: workers }, () => new threads.Worker(entry)) : [];
  return {
    workers: started.length,
    check: (request, files) => checkAll(started, request, files),
    close: async () => {
      await Promise.all(started.map((worker) => worker.terminate()));
    },
  };
}

async function checkAll(
  workers: Worker[],
  request: Omit<ChunkRequest, 'paths'>,
  files: readonly string[],
): Promise<ChunkResult[]> {
  const batches: string[][] = [];
  for (let start = 0; start < files.length; start += BATCH) {
    batches.push(files.slice(start, start + BATCH));
  }
  let next = 0;
  const take = () => (next < batches.length ? next++ : undefined);
  const results: ChunkResult[] = [];

  try {
    const onWorkers = workers.map((worker) => feed(worker, request, batches, take, results));
    const here = (async () => {
      const { validateChunk } = await import('./validate-chunk.js');
      for (let batch = take(); batch !== undefined; batch = take()) {
        results.push(...(await validateChunk({ ...request, paths: batches[batch]! })));
        // Let the workers' messages in, so each gets its next batch without waiting for ours.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await Promise.all([here, ...onWorkers]);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results;
}

/** Keeps one worker busy until no batch is left; settles when its last batch is back. */
function feed(
  worker: Worker,
  request: Omit<ChunkRequest, 'paths'>,
  batches: string[][],
  take: () => number | undefined,
  results: ChunkResult[],
): Promise<void> {
  return new Promise((resolve, reject) => {
    let pending = 0;
    const send = () => {
      const batch = take();
      if (batch === undefined) {
        if (pending === 0) resolve();
        return;
      }
      pending++;
      worker.postMessage({ kind: 'batch', batch, paths: batches[batch]! } satisfies ToWorker);
    };

    worker.on('message', (message: FromWorker) => {
      results.push(...message.results);
      pending--;
      send();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (pending > 0) reject(new Error(`a validation worker stopped with exit code ${code}`));
    });
    worker.postMessage({ kind: 'setup', request } satisfies ToWorker);
    for (let i = 0; i < IN_FLIGHT; i++) send();
  });
}
