import { describe, expect, it } from 'vitest';
import { findingsFor, VALID_TEXT } from '../../../adversarial/support.js';

const segmentsOwnedBy = (owner: string) =>
  VALID_TEXT.replaceAll(/^ {4}owner: ml-platform$/gm, `    owner: ${owner}`);

describe("the packet owner's share of the cost", () => {
  it('warns when the owner owns none of the segments, naming who does', () => {
    const found = findingsFor(segmentsOwnedBy('search')).filter(
      (f) => f.code === 'OWNER_HAS_NO_SEGMENT',
    );
    expect(found.map((f) => [f.severity, f.field, f.line])).toEqual([
      ['warning', '/allocation_owner', 30],
    ]);
    expect(found[0]!.message).toContain('ml-platform owns none of the segments (search)');
  });

  it('is silent when the owner owns a segment', () => {
    const codes = findingsFor(VALID_TEXT).map((f) => f.code);
    expect(codes).not.toContain('OWNER_HAS_NO_SEGMENT');
  });
});
