/**
 * Worker thread entry: validates the chunk it is given and posts the results back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { validateChunk, type ChunkRequest } from './validate-chunk.js';

const results = await validateChunk(workerData as ChunkRequest);
parentPort?.postMessage(results);
