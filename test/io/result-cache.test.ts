import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResultCache } from '../../scripts/io/result-cache.js';
import { loadCache, saveCache } from '../../scripts/io/result-cache.js';
import { tempDir } from '../support/temp-dir.js';

const FINGERPRINT = 'f'.repeat(64);
const PACKET = 'packets/search/EXC-2026-12-04-SEARCH.yaml';

function sample(): ResultCache {
  const finding = {
    code: 'OVERAGE_MISMATCH',
    severity: 'error' as const,
    file: PACKET,
    line: 11,
    column: 17,
    field: '/overage_amount',
    message: 'overage_amount is off; write 262.35',
  };
  const outcome = {
    path: PACKET,
    findings: [finding],
    id: { value: 'EXC-2026-12-04-SEARCH', position: { line: 2, column: 22 } },
  };
  const evidence = { 'packets/search/evidence/a.json': 'b'.repeat(40) };
  return {
    entries: new Map([[PACKET, { blob: 'a'.repeat(40), evidence, outcome }]]),
    setup: { findings: [], allocation: { rules: [], csv_mappings: {} } },
  };
}

async function saved(): Promise<string> {
  const file = path.join(tempDir(), 'validate.json');
  await saveCache(file, FINGERPRINT, sample());
  return file;
}

describe('result cache file', () => {
  it('reads back what it wrote under the same fingerprint, and nothing under another', async () => {
    const file = await saved();

    const back = loadCache(file, FINGERPRINT);
    expect(back.entries.get(PACKET)).toEqual(sample().entries.get(PACKET));
    expect(back.setup).toEqual(sample().setup);
    expect(loadCache(file, 'e'.repeat(64)).entries.size).toBe(0);
  });

  // Each edit keeps the file valid JSON, with types the reader would once have trusted and
  // crashed on later (findings not a list, a setup without its allocation).
  const edits: [string, (text: string) => string][] = [
    ['findings replaced by a number', (t) => t.replace(/\[\{"code":.*?\}\]/, '5')],
    ['a finding replaced by null', (t) => t.replace(/\{"code":.*?\}/, 'null')],
    ['the setup emptied', (t) => t.replace('{"findings":[],"allocation"', '{"allocation"')],
    ['an entry replaced by a string', (t) => t.replace(/\[\["packets.*\]\]/, '["x"]')],
    ['the body cut short', (t) => t.slice(0, t.length - 10)],
    ['the header line removed', (t) => t.slice(t.indexOf('\n') + 1)],
    ['an earlier format (one JSON object)', () => `{"format":2,"fingerprint":"${FINGERPRINT}"}`],
  ];
  it.each(edits)('ignores a cache file with %s', async (_name, edit) => {
    const file = await saved();
    const text = readFileSync(file, 'utf8');
    const edited = edit(text);
    expect(edited).not.toBe(text);
    writeFileSync(file, edited);

    const back = loadCache(file, FINGERPRINT);

    expect(back.entries.size).toBe(0);
    expect(back.setup).toBeUndefined();
  });
});
