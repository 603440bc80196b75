/**
 * CSV for spreadsheets and warehouses (RFC 4180 quoting) that a spreadsheet cannot run as a
 * formula. A cell starting with `=`, `+`, `-`, `@` or `|` (after any spaces), tab, CR or LF
 * gets a leading apostrophe, except a plain number such as `-12.50`, which stays a number.
 */

const PLAIN_NUMBER = /^[-+]?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)$/;
// Spreadsheets skip leading spaces before a formula, and some run `|` as a DDE call.
const FORMULA_START = /^(?:[\t\r\n]|[ ]*[=+\-@|])/;

/** A cell made safe against formula injection; numbers pass through unchanged. */
export function safeCell(value: string | number | undefined | null): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  if (PLAIN_NUMBER.test(text)) return text;
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One CSV field: quoted when it holds a comma, quote, CR or LF. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A whole CSV document with CRLF line ends, every cell made safe. */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | undefined)[])[],
): string {
  const lines = [header, ...rows].map((row) =>
    row.map((cell) => csvField(safeCell(cell))).join(','),
  );
  return `${lines.join('\r\n')}\r\n`;
}
