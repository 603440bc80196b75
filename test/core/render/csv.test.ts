import { describe, expect, it } from 'vitest';

import { safeCell, toCsv } from '../../../scripts/core/render/csv.js';

describe('safeCell', () => {
  it.each([
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['-12.50', '-12.50'],
    ['+3', '+3'],
    ['234.56', '234.56'],
    ['plain | text; ok', 'plain | text; ok'],
  ])('makes %j safe as %j', (input, expected) => {
    expect(safeCell(input)).toBe(expected);
  });

  it('quotes fields and ends lines with CRLF', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x,"y"', '-5.00'],
          ['=1', 'line\nbreak'],
        ],
      ),
    ).toBe('a,b\r\n"x,""y""",-5.00\r\n\'=1,"line\nbreak"\r\n');
  });
});
