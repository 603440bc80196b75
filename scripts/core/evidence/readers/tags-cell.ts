/**
 * The `Tags` cell of FOCUS and Azure exports: a JSON object inside a CSV field.
 */
import { losslessJson } from '../../libraries.js';

/** Tags read from a cell, or why the cell is not a JSON object of tags. */
export type TagsResult = { tags: Record<string, string> } | { problem: string };

/**
 * Reads a tags cell. `NULL` or empty means no tags. Keys are trimmed, because real exports
 * carry keys such as `" org"` that people write as `org` in an allocation; values are kept
 * exactly as written. Numbers keep their source digits (a numeric cost-centre tag must not
 * lose digits through a float).
 */
export function readTagsCell(cell: string): TagsResult {
  const trimmed = cell.trim();
  if (trimmed === '' || trimmed === 'NULL' || trimmed === '{}') return { tags: {} };
  // Azure EA writes the object's members without its braces: `"env": "prod","org": "x"`.
  const text = trimmed.startsWith('"') ? `{${trimmed}}` : trimmed;

  let parsed: unknown;
  try {
    parsed = losslessJson().parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { problem: `tags are not a JSON object (${reason}); export the tags again` };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { problem: 'tags are not a JSON object of key to value; export the tags again' };
  }

  const tags: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (value === null || value === undefined) continue;
    tags[key.trim()] = tagText(value);
  }
  return { tags };
}

function tagText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (losslessJson().isLosslessNumber(value)) return value.toString();
  if (typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
