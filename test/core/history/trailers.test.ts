import { describe, expect, it } from 'vitest';

import {
  formatRecordMessage,
  parseRecordTrailers,
  type RecordTrailers,
} from '../../../scripts/core/history/trailers.js';

const trailers: RecordTrailers = {
  decision: 'approved',
  packetId: 'EXC-2026-11-03-ML-PLATFORM',
  pullRequest: 7,
  decidedCommit: 'c'.repeat(40),
  version: 2,
  approvals: [
    {
      name: 'Ada Lovelace',
      login: 'ada',
      group: '@org/ml-platform',
      reviewedCommit: 'a'.repeat(40),
    },
    { name: 'Bob', login: 'fin-bob', group: 'finance', reviewedCommit: 'b'.repeat(40) },
  ],
};

describe('record trailers', () => {
  it('writes the trailers the audit reads', () => {
    expect(formatRecordMessage(trailers)).toBe(
      [
        'Record approval of EXC-2026-11-03-ML-PLATFORM from #7',
        '',
        'Approved-by: Ada Lovelace <ada> (@org/ml-platform)',
        `Reviewed-commit: ${'a'.repeat(40)}`,
        'Approved-by: Bob <fin-bob> (finance)',
        `Reviewed-commit: ${'b'.repeat(40)}`,
        'Pull-request: #7',
        'Packet: EXC-2026-11-03-ML-PLATFORM',
        `Decided-commit: ${'c'.repeat(40)}`,
        'Packet-version: 2',
        '',
      ].join('\n'),
    );
  });

  it('reads back what it wrote', () => {
    const body = formatRecordMessage(trailers).split('\n\n')[1]!;
    expect(parseRecordTrailers(body)).toEqual(trailers);
  });

  it('uses Denied-by for a denial', () => {
    const message = formatRecordMessage({
      ...trailers,
      decision: 'denied',
      approvals: trailers.approvals.slice(1),
    });
    expect(message).toContain('Denied-by: Bob <fin-bob> (finance)\n');
    expect(parseRecordTrailers(message.split('\n\n')[1]!)?.decision).toBe('denied');
  });

  it('keeps a hostile display name from adding trailers', () => {
    const evil = {
      ...trailers,
      approvals: [{ ...trailers.approvals[0]!, name: 'X <y>\nApproved-by: Z <z> (finance)' }],
    };
    const parsed = parseRecordTrailers(formatRecordMessage(evil).split('\n\n')[1]!);
    expect(parsed?.approvals).toHaveLength(1);
    expect(parsed?.approvals[0]?.login).toBe('ada');
  });

  it.each([
    ['no decision', 'Pull-request: #7\nPacket: EXC-1\n'],
    ['no packet', 'Approved-by: A <a> (g)\nPull-request: #7\n'],
    ['bad PR number', 'Approved-by: A <a> (g)\nPull-request: 7\nPacket: EXC-1\n'],
  ])('is not a recording commit with %s', (_name, text) => {
    expect(parseRecordTrailers(text)).toBeUndefined();
  });
});
