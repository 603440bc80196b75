import { describe, expect, it } from 'vitest';

import { escapeMarkdown, shortSha } from '../../../scripts/core/render/escape-markdown.js';

const ZWSP = '\u200b';

describe('escapeMarkdown', () => {
  it.each([
    ['a pipe', 'a|b', 'a\\|b'],
    ['a pipe inside code', '`a|b`', '\\`a\\|b\\`'],
    ['a backslash before a pipe', 'a\\|b', 'a\\\\\\|b'],
    ['newlines in a cell', 'line one\r\nline two\nthree', 'line one line two three'],
    ['a user mention', 'ask @alice', `ask @${ZWSP}alice`],
    ['a team mention', '@org/finance', `@${ZWSP}org/finance`],
    ['an issue reference', 'see #123', `see #${ZWSP}123`],
    ['HTML', '<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['an entity', '&lt;', '&amp;lt;'],
    ['an image', '![x](https://e.invalid/a.png)', `\\!\\[x\\]\\(https:${ZWSP}//e.invalid/a.png)`],
    ['a link', '[click](javascript:x)', '\\[click\\]\\(javascript:x)'],
    ['a bare URL', 'https://e.invalid', `https:${ZWSP}//e.invalid`],
    ['a www autolink', 'www.e.invalid', `www${ZWSP}.e.invalid`],
    ['emphasis and math', '*b* _i_ ~s~ $x$', '\\*b\\* \\_i\\_ \\~s\\~ \\$x\\$'],
    ['bidi controls', 'a\u202eb', 'ab'],
  ])('escapes %s', (_label, text, expected) => {
    expect(escapeMarkdown(text)).toBe(expected);
  });
});

describe('shortSha', () => {
  it('shows seven hex digits as code and escapes anything else', () => {
    expect(shortSha('0123456789abcdef0123456789abcdef01234567')).toBe('`0123456`');
    expect(shortSha('`|x')).toBe('\\`\\|x');
  });
});
