/**
 * Scans every text of parsed packet data, map keys included, before the schema: a credential
 * or a hidden character is reported wherever it sits, even in a field the schema rejects, and
 * no later message can quote it back.
 */
import type { RuleFinding } from './finding.js';
import { findHiddenCharacter, findSecret } from './text-scan.js';

/** A text in the data: a value, or a map key (reported at the key's field). */
interface TextAt {
  pointer: string;
  text: string;
}

/** SECRET_IN_PACKET and TEXT_HIDDEN_CHARACTER findings for every value and key. */
export function scanTexts(data: unknown): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const { pointer, text } of textsIn(data, '')) {
    const field = pointer === '' ? 'the packet' : pointer.slice(1).replaceAll('/', '.');

    const secret = findSecret(text);
    if (secret) {
      findings.push({
        code: 'SECRET_IN_PACKET',
        field: pointer,
        message: `${field} contains what looks like ${secret.kind} (${secret.redacted}); delete it and rotate the key now, it is in git history`,
      });
    }

    const hidden = findHiddenCharacter(text);
    if (hidden) {
      findings.push({
        code: 'TEXT_HIDDEN_CHARACTER',
        field: pointer,
        message: `${field} holds the invisible character ${hidden.name} (written as an escape); it can make the text read differently to a reviewer, delete it`,
      });
    }
  }
  return findings;
}

function textsIn(data: unknown, pointer: string): TextAt[] {
  if (typeof data === 'string') return [{ pointer, text: data }];
  if (Array.isArray(data)) return data.flatMap((item, i) => textsIn(item, `${pointer}/${i}`));
  if (data === null || typeof data !== 'object') return [];

  return Object.entries(data).flatMap(([key, value]) => {
    const child = `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    return [{ pointer: child, text: key }, ...textsIn(value, child)];
  });
}
