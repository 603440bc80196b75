/**
 * Worker thread entry: loads the validator as soon as it starts (while the main thread is still
 * reading the repository configuration), then checks each batch of files it is sent and posts
 * the results back.
 */
import { parentPort } from 'node:worker_threads';
import { validateChunk, type ChunkRequest } from './validate-chunk.js';
import type { ToWorker } from './validate-pool.js';

let setup: Omit<ChunkRequest, 'paths'> | undefined;

parentPort?.on('message', (message: ToWorker) => {
  if (message.kind === 'setup') {
    setup = message.request;
    return;
  }
  if (setup === undefined) throw new Error('a validation worker was sent files before its setup');
  void validateChunk({ ...setup, paths: message.paths }).then((results) =>
    parentPort?.postMessage({ batch: message.batch, results }),
  );
});
