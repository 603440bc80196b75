/**
 * The checks a packet's raw bytes pass before any YAML parser sees them. Each decision is made
 * here once and applies everywhere packets are read (CLI, action, recorder, audit):
 *
 * - over the size limit: error (a packet is a page of text; a huge file is a mistake or an attack);
 * - invalid UTF-8: error (a replacement character would silently change the text);
 * - a byte-order mark: error (the schema comment must be the very first bytes; editors add none);
 * - CRLF line ends: accepted, the values are unchanged;
 * - control characters other than tab, LF and CR, bidirectional controls and zero-width
 *   characters (see `HIDDEN_CHARACTER`): error, since they can hide text from a reviewer. The
 *   same characters written as YAML escapes (`"\u202E"`) are caught after parsing.
 */
import type { RuleFinding } from './finding.js';
import { findHiddenCharacter } from './text-scan.js';

/** Default size cap for one packet file, in bytes. */
export const DEFAULT_MAX_PACKET_BYTES = 64 * 1024;

export interface GuardedText {
  text?: string;
  /** Problems with the character offset (in `text`, or in `lossyText`) they were found at. */
  problems: (RuleFinding & { offset: number })[];
  /** When `text` is refused: the text to locate the problem in (lossy for invalid UTF-8). */
  lossyText?: string;
}

/** One strict decoder for every file: `decode` without streaming keeps no state between calls. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes packet bytes strictly and rejects what a reviewer could not see or trust. */
export function guardBytes(bytes: Uint8Array, maxBytes = DEFAULT_MAX_PACKET_BYTES): GuardedText {
  if (bytes.length > maxBytes) {
    return problem(
      'FILE_TOO_LARGE',
      `is ${bytes.length} bytes, over the ${maxBytes}-byte limit for a packet; keep long ` +
        'material in the evidence files and cite them',
    );
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return problem('FILE_BOM', 'starts with a byte-order mark; save the file as UTF-8 without BOM');
  }

  let text: string;
  try {
    text = STRICT_UTF8.decode(bytes);
  } catch {
    const lossy = new TextDecoder('utf-8').decode(bytes);
    return {
      problems: [
        {
          code: 'FILE_INVALID_UTF8',
          field: '',
          offset: lossy.indexOf('\uFFFD'),
          message: 'has a byte sequence that is not valid UTF-8 here; re-save the file as UTF-8',
        },
      ],
      lossyText: lossy,
    };
  }

  const hidden = findHiddenCharacter(text);
  if (hidden) {
    const name = hidden.name;
    return {
      problems: [
        {
          code: 'FILE_HIDDEN_CHARACTER',
          field: '',
          offset: hidden.index,
          message:
            `contains the invisible character ${name}, which can hide text from a reviewer; ` +
            'delete it',
        },
      ],
      lossyText: text,
    };
  }

  return { text, problems: [] };
}

function problem(code: string, message: string): GuardedText {
  return { problems: [{ code, field: '', offset: 0, message }] };
}
