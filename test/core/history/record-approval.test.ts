import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';

import { approvalsFromVerdict } from '../../../scripts/core/history/approvals-from-verdict.js';
import { readPacketData } from '../../../scripts/core/history/packet-yaml.js';
import {
  formatApproverNames,
  recordApproval,
  recordDenial,
  type ApprovalFacts,
} from '../../../scripts/core/history/record-approval.js';
import type { GroupVerdict } from '../../../scripts/core/signoff/types.js';
import { EVIDENCE_PATH, PACKET_TEXT } from './fixture.js';

const schema: unknown = JSON.parse(
  readFileSync(
    fileURLToPath(new URL('../../../schemas/packet.schema.json', import.meta.url)),
    'utf8',
  ),
);
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);
const validate = ajv.compile(schema as object);

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const M = 'c'.repeat(40);

const facts: ApprovalFacts = {
  pullRequest: 7,
  decidedCommit: M,
  decidedAt: '2026-11-05T14:03:00+01:00',
  packetBlob: 'd'.repeat(40),
  evidenceBlobs: { [EVIDENCE_PATH]: 'e'.repeat(40) },
  approvals: [
    {
      login: 'ada',
      name: 'Ada Lovelace',
      group: '@org/ml-platform',
      reviewed_commit: A,
      submitted_at: '2026-11-04T09:00:00Z',
    },
    {
      login: 'fin-bob',
      group: 'finance',
      reviewed_commit: B,
      submitted_at: '2026-11-04T10:00:00Z',
    },
  ],
};

function recorded(text: string, f: ApprovalFacts = facts): string {
  const result = recordApproval(text, f);
  if (!result.ok) throw new Error(result.message);
  return result.text;
}

describe('recordApproval', () => {
  it('starts from an example packet the schema accepts', () => {
    expect(validate(readPacketData(PACKET_TEXT))).toBe(true);
  });

  it('writes status, time, approvers, approvals and the record, and the schema accepts it', () => {
    const data = readPacketData(recorded(PACKET_TEXT))!;
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
    expect(data.packet_status).toBe('approved');
    expect(data.approved_at).toBe('2026-11-05T14:03:00+01:00');
    expect(data.approver_name).toBe('Ada Lovelace (@org/ml-platform); fin-bob (finance)');
    expect(data.approvals).toEqual([
      {
        login: 'ada',
        name: 'Ada Lovelace',
        group: '@org/ml-platform',
        reviewed_commit: A,
        submitted_at: '2026-11-04T09:00:00Z',
      },
      {
        login: 'fin-bob',
        group: 'finance',
        reviewed_commit: B,
        submitted_at: '2026-11-04T10:00:00Z',
      },
    ]);
    expect(data.approval_record).toEqual({
      pull_request: 7,
      decided_commit: M,
      packet_blob: 'd'.repeat(40),
      evidence_blobs: { [EVIDENCE_PATH]: 'e'.repeat(40) },
      version: 1,
    });
  });

  it('keeps the submitter comments, key order and block text', () => {
    const text = recorded(PACKET_TEXT);
    expect(text).toContain('# Cost exception for the support assistant launch.\n');
    expect(text).toContain('review_period_end: 2026-10-31 # October close\n');
    expect(text).toContain(
      'approver_name: Ada Lovelace (@org/ml-platform); fin-bob (finance) # written by the recorder\n',
    );
    expect(text).toContain('business_justification: |\n  A launch doubled traffic');
    expect(text.indexOf('packet_status')).toBeLessThan(text.indexOf('approvals:'));
    const before = PACKET_TEXT.split('\n').filter(
      (l) => !/^(approver_name|approved_at|packet_status)/.test(l),
    );
    for (const line of before) expect(text).toContain(line);
  });

  it('changes nothing when run again with the same facts', () => {
    const once = recorded(PACKET_TEXT);
    expect(recorded(once)).toBe(once);
  });

  it('records an amendment as the next version naming the approval it replaces', () => {
    const v1 = recorded(PACKET_TEXT);
    const v2 = recorded(v1, { ...facts, pullRequest: 9, decidedCommit: 'f'.repeat(40) });
    expect(readPacketData(v2)!.approval_record).toMatchObject({
      version: 2,
      previous_pull_request: 7,
      pull_request: 9,
    });
    const v3 = recorded(v2, { ...facts, pullRequest: 12 });
    expect(readPacketData(v3)!.approval_record).toMatchObject({
      version: 3,
      previous_pull_request: 9,
    });
    expect(recorded(v3, { ...facts, pullRequest: 12 })).toBe(v3);
  });

  it('refuses text that is not a YAML mapping', () => {
    expect(recordApproval('- a list\n', facts)).toMatchObject({
      ok: false,
      code: 'RECORD_PACKET_UNREADABLE',
    });
    expect(recordApproval('a: [unclosed\n', facts)).toMatchObject({
      ok: false,
      code: 'RECORD_PACKET_UNREADABLE',
    });
  });

  it('keeps approver names on one line', () => {
    const names = formatApproverNames([{ ...facts.approvals[0]!, name: 'Eve\nApproved-by: x' }]);
    expect(names).toBe('Eve Approved-by: x (@org/ml-platform)');
  });
});

describe('recordDenial', () => {
  it('writes denied with the review body as the reason, and the schema accepts it', () => {
    const result = recordDenial(PACKET_TEXT, {
      ...facts,
      reason: '  Budget already raised; cut usage.  ',
    });
    expect(result.ok).toBe(true);
    const data = readPacketData(result.ok ? result.text : '')!;
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
    expect(data).toMatchObject({
      packet_status: 'denied',
      denial_reason: 'Budget already raised; cut usage.',
    });
    expect(data.approvals).toBeUndefined();
  });

  it('gives a reason when the review had no body', () => {
    const result = recordDenial(PACKET_TEXT, { ...facts, reason: '' });
    expect(readPacketData(result.ok ? result.text : '')!.denial_reason).toBe(
      'Changes requested without a written reason.',
    );
  });
});

describe('approvalsFromVerdict', () => {
  it('keeps satisfied groups with their approver, name and reviewed commit', () => {
    const groups: GroupVerdict[] = [
      {
        group: '@org/ml-platform',
        reason: 'owner',
        satisfied: true,
        approvedBy: { login: 'ada', commitId: A, submittedAt: 't1' },
      },
      {
        group: 'finance',
        reason: 'finance',
        satisfied: true,
        approvedBy: { login: 'fin-bob', commitId: B, submittedAt: 't2' },
      },
      { group: 'admins', reason: 'tier', satisfied: false, missing: 'nobody approved' },
    ];
    expect(approvalsFromVerdict(groups, { ada: 'Ada Lovelace' })).toEqual([
      {
        login: 'ada',
        name: 'Ada Lovelace',
        group: '@org/ml-platform',
        reviewed_commit: A,
        submitted_at: 't1',
      },
      { login: 'fin-bob', group: 'finance', reviewed_commit: B, submitted_at: 't2' },
    ]);
  });
});
