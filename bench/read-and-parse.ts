/**
 * The floor for validation: read every packet file under a folder and parse it with the YAML
 * library, nothing more.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';

const folder = process.argv[2] ?? 'packets';
let documents = 0;
for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.yaml')) continue;
  parseDocument(readFileSync(path.join(entry.parentPath, entry.name), 'utf8'));
  documents++;
}
console.log(`${documents} documents parsed`);
