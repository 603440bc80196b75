/**
 * Makes text safe for one cell of a GitHub Markdown table: no pipe ends the cell (not even inside
 * a code span), no newline breaks the row, and no HTML, mention, issue reference or link is
 * interpreted. The text stays readable.
 */
export function escapeCell(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[\\`*_[\]<>|#@!~]/g, (char) => `&#${char.charCodeAt(0)};`);
}
