import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from this file's place in test/support/. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Shared real billing samples live beside the repository, never inside it. */
export const SHARED_BILLING = path.resolve(REPO_ROOT, '../shared/fixtures/billing');

export const FIXTURES = path.join(REPO_ROOT, 'test/fixtures');
