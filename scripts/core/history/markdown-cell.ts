/**
 * Makes packet text safe inside a Markdown table cell: it cannot end the cell, start a new
 * row, ping someone, or inject HTML.
 */

/** One-line, escaped cell text; `max` cuts long text with an ellipsis. */
export function markdownCell(text: string, max = 200): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\r\n\t\u0000-\u001f\u007f]+/g, ' ').trim();
  const cut = flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  return cut
    .replace(/[\\`*_[\]#|<>&]/g, (c) =>
      c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`,
    )
    .replace(/@(?=[A-Za-z0-9])/g, '@\u200b');
}
