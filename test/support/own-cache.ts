/**
 * Each test file gets a cache folder of its own, removed when the file is done: runs of
 * `packet validate` on temporary repositories would otherwise leave their caches in the user's
 * cache folder. A test that asks where the cache lives passes its own environment.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const folder = mkdtempSync(path.join(tmpdir(), 'packet-test-cache-'));
process.env.PACKET_CACHE_DIR = folder;

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});
