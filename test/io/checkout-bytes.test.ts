import { describe, expect, it } from 'vitest';
import { attributesMayConvert } from '../../scripts/io/checkout-bytes.js';

describe('attributesMayConvert', () => {
  it('is false for attributes that leave a checkout’s bytes as the blob’s', () => {
    const text = [
      '# Packets keep their line ends; evidence is bytes.',
      'packets/**/*.yaml -text',
      'packets/**/evidence/** -text -diff',
      '*.png binary',
      '"with space.csv" !eol linguist-generated export-ignore',
      '',
    ].join('\n');
    expect(attributesMayConvert(text)).toBe(false);
  });

  it.each([
    ['*.json text'],
    ['*.json text=auto'],
    ['* eol=crlf'],
    ['*.csv crlf'],
    ['*.csv filter=lfs -text'],
    ['*.yaml ident'],
    ['*.csv working-tree-encoding=UTF-16'],
    ['"a b.csv" text'],
    ['[attr]mine text eol=crlf'],
  ])('is true for %s', (line) => {
    expect(attributesMayConvert(`# first\n${line}\r\n`)).toBe(true);
  });
});
