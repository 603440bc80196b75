import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validatePackets } from '../scripts/core/packet/validate.js';
import { listPackets } from '../scripts/io/files.js';
import { REPO_ROOT } from './support/paths.js';

describe('the packets that ship in packets/', async () => {
  const files = await listPackets(REPO_ROOT);

  it('include at least three owners', () => {
    expect(new Set(files.map((file) => file.split('/')[1])).size).toBeGreaterThanOrEqual(3);
  });

  it('include an unallocated segment with its plan', () => {
    const texts = files.map((file) => readFileSync(path.join(REPO_ROOT, file), 'utf8'));
    expect(texts.some((text) => /owner: unallocated\n\s+resolution_plan:/.test(text))).toBe(true);
  });

  it.each(files)('%s is valid and starts with the schema comment', (file) => {
    const bytes = readFileSync(path.join(REPO_ROOT, file));
    const report = validatePackets([{ path: file, bytes }]);
    expect(report.findings).toEqual([]);
    expect(bytes.toString('utf8').split('\n')[0]).toBe(
      '# yaml-language-server: $schema=../../schemas/packet.schema.json',
    );
  });
});
