/**
 * Run after the compile and the bundle: records one hash of the compiled code and schemas that
 * results depend on in dist/scripts/build-info.json, the key that tells two builds' results apart.
 */
import { writeFile } from 'node:fs/promises';
import { BUILD_INFO, computeCodeHash } from '../io/validator-fingerprint.js';

await writeFile(BUILD_INFO, `${JSON.stringify({ codeHash: await computeCodeHash() })}\n`);
