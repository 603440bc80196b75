import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllocationConfig } from '../../../../scripts/core/evidence/allocation-config.js';
import {
  requestFor,
  summaryKey,
  type EvidenceFacts,
} from '../../../../scripts/core/evidence/facts.js';
import { readExport } from '../../../../scripts/core/evidence/readers/read-export.js';
import { summarizeStream } from '../../../../scripts/core/evidence/summarize.js';
import type { Packet } from '../../../../scripts/core/packet/packet.js';
import type { PacketInput } from '../../../../scripts/core/packet/rule.js';
import { checkEvidence } from '../../../../scripts/core/packet/rules/check-evidence.js';
import { EXPORTS, REPO_ROOT, fileChunks, focusSmallPacket } from '../../evidence/support.js';

const allocation = parseAllocationConfig(
  readFileSync(path.join(REPO_ROOT, 'test/fixtures/exports/allocation.yml'), 'utf8'),
).config;
const FOCUS = 'packets/ml-platform/evidence/focus-small.csv';
const SHA = 'a'.repeat(64);

/** A packet that agrees with focus-small.csv, with a zero residue segment and a dated action. */
function packet(change: Partial<Packet> = {}): Packet {
  return focusSmallPacket(FOCUS, SHA, {
    segments: [
      { label: 'ML', amount: '94.60', owner: 'ml-platform' },
      { label: 'Data', amount: '200.26', owner: 'data-eng' },
      { label: 'Residue', amount: '0.00', owner: 'unallocated' },
    ],
    corrective_action_target_date: '2026-12-01',
    ...change,
  });
}

async function factsFor(
  p: Packet,
  file = 'focus-small.csv',
  sha = SHA,
  config = allocation,
): Promise<Map<string, EvidenceFacts>> {
  const ref = p.evidence[0]!;
  const request = requestFor(p, ref);
  const summary = await summarizeStream(
    readExport(fileChunks(path.join(EXPORTS, file)), { ...request, allocation: config }),
    {
      periodStart: p.review_period_start,
      periodEnd: p.review_period_end,
      allocation: config,
      ...(p.scope ? { scope: p.scope } : {}),
    },
  );
  return new Map([
    [ref.path, { path: ref.path, sha256: sha, summaries: { [summaryKey(request)]: summary } }],
  ]);
}

async function run(p: Packet, facts?: Map<string, EvidenceFacts>) {
  const input: PacketInput = {
    file: 'packets/ml-platform/x.yaml',
    packet: p,
    numberSources: new Map(),
  };
  return checkEvidence(input, { evidence: facts ?? (await factsFor(p)) });
}

describe('checkEvidence', () => {
  it('passes a packet whose figures the export proves', async () => {
    expect(await run(packet())).toEqual([]);
  });

  it('leaves the figures alone while the review period is reversed', async () => {
    const reversed = packet({ review_period_start: '2026-11-01', review_period_end: '2026-10-31' });

    const findings = await run(reversed);
    const checked = await run(reversed, await factsFor(packet()));

    expect(findings).toEqual([]);
    expect(checked).toEqual([]);
  });

  const CASES: {
    name: string;
    change: Partial<Packet>;
    code: string;
    field: string;
    shows: string[];
  }[] = [
    {
      name: 'a total one cent off',
      change: { billed_total: '294.87' },
      code: 'EVIDENCE_TOTAL_MISMATCH',
      field: '/billed_total',
      shows: ['294.87', '294.86', '294.85500000001', FOCUS, 'row 2 to row 5'],
    },
    {
      name: 'a segment that disagrees',
      change: {
        segments: [
          { label: 'ML', amount: '94.50', owner: 'ml-platform' },
          { label: 'D', amount: '200.36', owner: 'data-eng' },
          { label: 'R', amount: '0.00', owner: 'unallocated' },
        ],
      },
      code: 'EVIDENCE_SEGMENT_MISMATCH',
      field: '/segments/0/amount',
      shows: ['94.5', '94.60'],
    },
    {
      name: 'an owner no rule maps',
      change: {
        segments: [
          { label: 'ML', amount: '94.60', owner: 'ml-platform' },
          { label: 'D', amount: '200.26', owner: 'search' },
        ],
      },
      code: 'EVIDENCE_OWNERSHIP_WITHOUT_MAPPING',
      field: '/segments/1/owner',
      shows: ['search', 'ownership without evidence'],
    },
    {
      name: 'a mapped owner left out',
      change: { segments: [{ label: 'ML', amount: '294.86', owner: 'ml-platform' }] },
      code: 'EVIDENCE_SEGMENT_MISSING',
      field: '/segments',
      shows: ['data-eng', '200.255'],
    },
    {
      name: 'the wrong currency',
      change: { currency: 'EUR' },
      code: 'EVIDENCE_CURRENCY_MISMATCH',
      field: '/currency',
      shows: ['EUR', 'USD'],
    },
    {
      name: 'a period the export does not cover',
      change: { review_period_start: '2026-09-15' },
      code: 'EVIDENCE_PERIOD_NOT_COVERED',
      field: '/evidence/0/path',
      shows: ['2026-09-15', '2026-10-01 to 2026-10-31'],
    },
  ];

  it.each(CASES)(
    'reports $name as $code on $field, showing both values',
    async ({ change, code, field, shows }) => {
      const findings = await run(packet(change));
      const found = findings.find((f) => f.code === code);
      expect(found, JSON.stringify(findings, null, 1)).toBeDefined();
      expect(found!.field).toBe(field);
      for (const text of shows) expect(found!.message).toContain(text);
    },
  );

  it('needs no segment for an unallocated residue below one cent', async () => {
    const segments = [
      { label: 'ML', amount: '94.60', owner: 'ml-platform' },
      { label: 'D', amount: '200.26', owner: 'data-eng' },
    ];
    expect(await run(packet({ segments }))).toEqual([]);
  });

  it('calls cost moved from unallocated to an owner ownership without evidence', async () => {
    const mlOnly = {
      rules: allocation.rules.filter((r) => r.owner === 'ml-platform'),
      csv_mappings: {},
    };
    const p = packet({ segments: [{ label: 'All', amount: '294.86', owner: 'ml-platform' }] });
    const findings = await run(p, await factsFor(p, 'focus-small.csv', SHA, mlOnly));
    expect(findings.map((f) => [f.code, f.field])).toEqual([
      ['EVIDENCE_OWNERSHIP_WITHOUT_MAPPING', '/segments/0/amount'],
      ['EVIDENCE_SEGMENT_MISSING', '/segments'],
    ]);
    expect(findings[0]!.message).toContain('94.60');
  });

  it('calls a plain disagreement a segment mismatch', async () => {
    const segments = [
      { label: 'ML', amount: '94.61', owner: 'ml-platform' },
      { label: 'D', amount: '200.25', owner: 'data-eng' },
    ];
    const findings = await run(packet({ segments }));
    expect(findings.map((f) => [f.code, f.field])).toEqual([
      ['EVIDENCE_SEGMENT_MISMATCH', '/segments/0/amount'],
      ['EVIDENCE_SEGMENT_MISMATCH', '/segments/1/amount'],
    ]);
  });

  it('reads money from the YAML source text, not the float', async () => {
    const p = packet({ billed_total: 294.86 });
    const input: PacketInput = {
      file: 'x.yaml',
      packet: p,
      numberSources: new Map([['/billed_total', '294.860']]),
    };
    const findings = checkEvidence(input, { evidence: await factsFor(p) });
    // At three places the exact 294.85500000001 rounds to 294.855, not 294.860.
    expect(findings.map((f) => f.code)).toEqual(['EVIDENCE_TOTAL_MISMATCH']);
  });

  it('reports a changed file whose hash was not updated', async () => {
    const p = packet();
    const findings = await run(p, await factsFor(p, 'focus-small.csv', 'b'.repeat(64)));
    expect(findings.map((f) => [f.code, f.field])).toEqual([
      ['EVIDENCE_HASH_MISMATCH', '/evidence/0/sha256'],
    ]);
    expect(findings[0]!.message).toContain('a'.repeat(64));
    expect(findings[0]!.message).toContain('b'.repeat(64));
  });

  it('passes on the problem of an unreadable file', async () => {
    const facts = new Map([
      [FOCUS, { path: FOCUS, problem: { code: 'EVIDENCE_OUTSIDE_REPO', message: 'no' } }],
    ]);
    expect((await run(packet(), facts)).map((f) => [f.code, f.field])).toEqual([
      ['EVIDENCE_OUTSIDE_REPO', '/evidence/0/path'],
    ]);
    expect((await run(packet(), new Map())).map((f) => f.code)).toEqual(['EVIDENCE_MISSING']);
  });

  it('runs nothing when the run did not read evidence', () => {
    const input: PacketInput = { file: 'x.yaml', packet: packet(), numberSources: new Map() };
    expect(checkEvidence(input, {})).toEqual([]);
  });

  describe('an export without the grain to prove segments', () => {
    // The OpenAI dashboard CSV grouped by project, scoped to a workspace rule only: here the
    // Anthropic report read with a project-only allocation has no project at all.
    const ANTHROPIC = 'packets/support-bots/evidence/anthropic.json';
    const base = (change: Partial<Packet>) =>
      packet({
        review_period_end: '2026-10-02',
        api_provider: 'Anthropic',
        billed_total: '123.96',
        budget_amount: '100.00',
        overage_amount: '23.96',
        overage_pct_above_threshold: '23.96',
        evidence: [{ path: ANTHROPIC, sha256: SHA, format: 'anthropic' }],
        segments: [{ label: 'All', amount: '123.96', owner: 'unallocated' }],
        ...change,
      });
    const projectOnly = {
      rules: [{ owner: 'support-bots', match: { project: 'proj_x' } }],
      csv_mappings: {},
    };
    const facts = async (p: Packet) => {
      const ref = p.evidence[0]!;
      const request = requestFor(p, ref);
      const summary = await summarizeStream(
        readExport(fileChunks(path.join(EXPORTS, 'anthropic-cost-report.json')), {
          ...request,
          allocation: projectOnly,
        }),
        {
          periodStart: p.review_period_start,
          periodEnd: p.review_period_end,
          allocation: projectOnly,
        },
      );
      return new Map([
        [ref.path, { path: ref.path, sha256: SHA, summaries: { [summaryKey(request)]: summary } }],
      ]);
    };

    it('needs a support escalation', async () => {
      const p = base({});
      expect((await run(p, await facts(p))).map((f) => [f.code, f.field])).toEqual([
        ['EVIDENCE_NO_GRAIN', '/segments'],
      ]);
    });

    it('accepts a support escalation with the shortfall stated as unallocated', async () => {
      const p = base({
        support_escalation: { ticket: 'CS-1', opened: '2026-11-01', state: 'open' },
      });
      expect(await run(p, await facts(p))).toEqual([]);
    });

    it('refuses a support escalation beside an owner segment', async () => {
      const p = base({
        support_escalation: { ticket: 'CS-1', opened: '2026-11-01', state: 'open' },
        segments: [{ label: 'Bots', amount: '123.96', owner: 'support-bots' }],
      });
      expect((await run(p, await facts(p))).map((f) => [f.code, f.field])).toEqual([
        ['EVIDENCE_NO_GRAIN', '/segments/0/owner'],
      ]);
    });
  });
});
