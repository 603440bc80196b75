import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllocationConfig } from '../../scripts/core/evidence/allocation-config.js';
import type { EvidenceFormat, Packet } from '../../scripts/core/packet/packet.js';
import type { PacketInput } from '../../scripts/core/packet/rule.js';
import { gatherEvidence } from '../../scripts/io/evidence.js';
import { gatherEvidenceFromBytes, type EvidenceBytes } from '../../scripts/io/evidence-bytes.js';
import { EXPORTS } from '../core/evidence/support.js';

const root = mkdtempSync(path.join(tmpdir(), 'evidence-bytes-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(path.join(root, 'exports'));
cpSync(EXPORTS, path.join(root, 'exports'), { recursive: true });
const { config: allocation } = parseAllocationConfig(
  readFileSync(path.join(EXPORTS, 'allocation.yml'), 'utf8'),
);

function citing(file: string, format: EvidenceFormat, mapping?: string): PacketInput {
  const ref = { path: file, sha256: '0'.repeat(64), format, ...(mapping ? { mapping } : {}) };
  const packet = {
    review_period_start: '2026-10-01',
    review_period_end: '2026-10-31',
    cost_column: 'BilledCost',
    evidence: [ref],
  } as unknown as Packet;
  return { file: 'packets/x/p.yaml', packet, numberSources: new Map() };
}

const bytesOf = (file: string): Uint8Array => readFileSync(path.join(root, file));

describe('gatherEvidenceFromBytes', () => {
  it.each([
    ['exports/focus-small.csv', 'focus'],
    ['exports/openai-costs.json', 'openai'],
    ['exports/openai-dashboard.csv', 'openai-csv'],
    ['exports/anthropic-cost-report.json', 'anthropic'],
    ['exports/cometapi-usage.csv', 'csv', 'cometapi'],
  ] as const)(
    'finds in memory what the file reader finds in %s',
    async (file, format, mapping?) => {
      const inputs = [citing(file, format, mapping)];

      const fromDisk = await gatherEvidence(root, inputs, allocation);
      const fromBytes = await gatherEvidenceFromBytes(
        new Map([[file, bytesOf(file)]]),
        inputs,
        allocation,
      );

      expect(fromBytes).toEqual(fromDisk);
      expect(fromBytes.get(file)?.sha256).toMatch(/^[0-9a-f]{64}$/);
    },
  );

  it('reads an export larger than one chunk to the same total', async () => {
    const text = readFileSync(path.join(EXPORTS, 'openai-dashboard.csv'), 'utf8');
    const [header, ...rows] = text.trimEnd().split('\n');
    const big = [header, ...Array.from({ length: 6000 }, () => rows).flat()].join('\n') + '\n';
    const bytes = new TextEncoder().encode(big);
    expect(bytes.length).toBeGreaterThan(256 * 1024);
    const inputs = [citing('big.csv', 'openai-csv')];

    const facts = await gatherEvidenceFromBytes(new Map([['big.csv', bytes]]), inputs, allocation);

    const summary = Object.values(facts.get('big.csv')!.summaries!)[0]!;
    expect(summary.total).toBe('28500');
  });

  const REFUSED: [string, string, EvidenceBytes | undefined, string][] = [
    ['a path not in the map', 'exports/nope.csv', undefined, 'EVIDENCE_MISSING'],
    ['a path climbing out', 'exports/../../x.csv', new Uint8Array([1]), 'EVIDENCE_OUTSIDE_REPO'],
    ['an absolute path', '/etc/passwd', new Uint8Array([1]), 'EVIDENCE_OUTSIDE_REPO'],
    ['a backslash path', 'exports\\x.csv', new Uint8Array([1]), 'EVIDENCE_OUTSIDE_REPO'],
    [
      'what the reader could not fetch',
      'exports/link.csv',
      { code: 'EVIDENCE_NOT_A_FILE', message: 'a symlink' },
      'EVIDENCE_NOT_A_FILE',
    ],
  ];

  it.each(REFUSED)('refuses %s', async (_name, file, entry, code) => {
    const files = new Map<string, EvidenceBytes>(entry === undefined ? [] : [[file, entry]]);

    const facts = await gatherEvidenceFromBytes(files, [citing(file, 'focus')], allocation);

    expect(facts.get(file)?.problem?.code).toBe(code);
    expect(facts.get(file)?.sha256).toBeUndefined();
  });
});
