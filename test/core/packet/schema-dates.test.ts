import { describe, expect, it } from 'vitest';
import { findingsFor, VALID_TEXT } from '../../adversarial/support.js';

const reviewedOn = (date: string) =>
  VALID_TEXT.replace('next_review_date: 2027-01-04', `next_review_date: "${date}"`);

function dateFindings(date: string) {
  return findingsFor(reviewedOn(date))
    .filter((f) => f.field === '/next_review_date')
    .map((f) => [f.code, f.message]);
}

describe('a date the schema cannot take', () => {
  it('is one finding saying how to write it, when written in another form', () => {
    expect(dateFindings('04/01/2027')).toEqual([
      [
        'DATE_INVALID',
        'next_review_date "04/01/2027" is not written as a calendar date YYYY-MM-DD, e.g. 2027-04-01',
      ],
    ]);
  });

  it('is one finding saying the day does not exist, when written YYYY-MM-DD', () => {
    expect(dateFindings('2027-02-30')).toEqual([
      [
        'DATE_INVALID',
        'next_review_date "2027-02-30" is not a real calendar date; write YYYY-MM-DD',
      ],
    ]);
  });
});
