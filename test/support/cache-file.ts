/**
 * Hand edits of a validation cache file, as someone (or something) might make them: one JSON
 * section changed, every offset and digest set as a sound file has them, so that only the
 * checks on the section's content stand between the edit and a run.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

export function editCacheSection(
  file: string,
  section: string,
  edit: (value: Record<string, unknown>) => void,
) {
  const bytes = readFileSync(file);
  const newline = bytes.indexOf(10);
  const header = JSON.parse(bytes.subarray(0, newline).toString('utf8')) as {
    sections: Record<string, [number, number, string]>;
  };
  const body = bytes.subarray(newline + 1);
  const chunks: Buffer[] = [];
  let offset = 0;
  for (const [name, [start, end]] of Object.entries(header.sections)) {
    let chunk = body.subarray(start, end);
    if (name === section) {
      const value = JSON.parse(chunk.toString('utf8')) as Record<string, unknown>;
      edit(value);
      chunk = Buffer.from(JSON.stringify(value));
    }
    header.sections[name] = [offset, offset + chunk.length, sha1(chunk)];
    chunks.push(chunk);
    offset += chunk.length;
  }
  writeFileSync(file, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), ...chunks]));
}

function sha1(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}
