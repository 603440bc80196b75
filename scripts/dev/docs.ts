/**
 * `npm run docs`: regenerates the README's field reference from schemas/packet.schema.json.
 * `npm run docs -- --check` exits 1 when the README is stale instead of writing it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  renderFieldReference,
  updateReadme,
  type FieldSchema,
} from '../core/render/field-reference.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const readmePath = path.join(root, 'README.md');
const schemaPath = path.join(root, 'schemas/packet.schema.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as FieldSchema;
const readme = readFileSync(readmePath, 'utf8');
const updated = updateReadme(readme, renderFieldReference(schema));

if (process.argv.includes('--check')) {
  if (updated !== readme) {
    console.error('README.md field reference is stale; run `npm run docs` and commit the result.');
    process.exitCode = 1;
  }
} else if (updated !== readme) {
  writeFileSync(readmePath, updated);
  console.log('README.md field reference updated.');
}
