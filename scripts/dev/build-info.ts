/**
 * Run after the compile: records one hash of the compiled core and schemas in
 * dist/scripts/build-info.json, the key that tells validation results of two builds apart.
 */
import { writeFile } from 'node:fs/promises';
import { BUILD_INFO, computeCodeHash } from '../io/validator-fingerprint.js';

await writeFile(BUILD_INFO, `${JSON.stringify({ codeHash: await computeCodeHash() })}\n`);
