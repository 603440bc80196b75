import { describe, expect, it } from 'vitest';

import { changedFields } from '../../../scripts/core/history/audit-record-content.js';
import {
  readPacket,
  readPacketData,
  scalarText,
} from '../../../scripts/core/history/packet-yaml.js';
import { PACKET_TEXT, withField } from './fixture.js';

describe('readPacket', () => {
  it('reads a plain block packet as data with a null prototype', () => {
    const packet = readPacket(PACKET_TEXT)!;
    expect(Object.getPrototypeOf(packet.data)).toBeNull();
    expect(packet.data.exception_packet_id).toBe('EXC-2026-11-03-ML-PLATFORM');
    expect(packet.data.review_period_end).toBe('2026-10-31');
  });

  it('keeps the text of money written as a number', () => {
    const packet = readPacket(withField(PACKET_TEXT, 'overage_amount', '234.50'));
    expect(packet?.data.overage_amount).toBe(234.5);
    expect(scalarText(packet, 'overage_amount')).toBe('234.50');
    expect(scalarText(packet, 'currency')).toBe('USD');
    expect(scalarText(packet, 'evidence')).toBe('');
  });

  it('still reads a packet the validator refuses for an alias, as yaml reads it', () => {
    const text = `${PACKET_TEXT}extra: &a x\nagain: *a\n`;
    expect(readPacketData(text)?.again).toBe('x');
  });

  it.each([
    ['a sequence', '- a\n- b\n'],
    ['a scalar', 'just text\n'],
    ['broken YAML', 'a: [1, 2\n'],
    ['nothing', ''],
  ])('returns undefined for %s', (_what, text) => {
    expect(readPacket(text)).toBeUndefined();
  });
});

describe('changedFields', () => {
  const before = readPacket(PACKET_TEXT)!.data;

  it('ignores the record fields and key order, whatever the prototype', () => {
    const after = {
      ...structuredClone({ ...before }),
      packet_status: 'approved',
      approval_record: { version: 1 },
    };
    expect(changedFields(before, after)).toEqual([]);
  });

  it('lists every other field that changed, added or went, sorted', () => {
    const after = readPacket(
      withField(withField(PACKET_TEXT, 'overage_amount', '"34.56"'), 'late_filing_reason', 'x'),
    )!.data;
    delete after.corrective_action;
    expect(changedFields(before, after)).toEqual([
      'corrective_action',
      'late_filing_reason',
      'overage_amount',
    ]);
  });

  it('sees a change deep inside a list', () => {
    const after = readPacket(PACKET_TEXT.replace('owner: ml-platform', 'owner: search'))!.data;
    expect(changedFields(before, after)).toEqual(['segments']);
  });
});
