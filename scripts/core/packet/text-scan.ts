/**
 * Finds what free text in a packet must not carry: template placeholders, personal contact data
 * and credentials. Shared by the rules and by the pre-schema placeholder check. Each pattern is
 * linear (no nested quantifiers) because it runs on untrusted text.
 */

/** Where a string sits in the packet and what it says. */
export interface TextAt {
  pointer: string;
  text: string;
  /** True when the text is a map key (reported at the key's field) rather than a value. */
  key?: boolean;
}

/**
 * Every string value in plain packet data, with its JSON Pointer, in document order; with
 * `withKeys`, every map key too.
 */
export function stringsIn(data: unknown, withKeys = false): TextAt[] {
  const found: TextAt[] = [];
  const walk = (value: unknown, pointer: string): void => {
    if (typeof value === 'string') {
      found.push({ pointer, text: value });
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => walk(item, `${pointer}/${index}`));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        const at = `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
        if (withKeys) found.push({ pointer: at, text: key, key: true });
        walk(child, at);
      }
    }
  };
  walk(data, '');
  return found;
}

/** Markers of the process's template and of drafts the tool writes. */
const PLACEHOLDER =
  /\[(?:PLACEHOLDER|YYYY|TEAM-ID|PROVIDER-NAME|PLAIN-TEXT|TEAM-OR-COST-CENTER-ID|APPROVER-NAME|ISO-8601|DESCRIPTION OR TICKET LINK|TODO|draft \|)/;

/** The placeholder a text still holds, if any. */
export function findPlaceholder(text: string): string | undefined {
  // Most values hold no bracket at all; skip the pattern for them.
  if (!text.includes('[')) return undefined;
  const match = PLACEHOLDER.exec(text);
  if (!match) return undefined;
  const end = text.indexOf(']', match.index);
  const stop = end < 0 ? match.index + 24 : Math.min(end + 1, match.index + 40);
  // A marker cut short says so, rather than ending mid-word.
  return stop < text.length && text[stop - 1] !== ']'
    ? `${text.slice(match.index, stop).trimEnd()}…`
    : text.slice(match.index, stop);
}

export interface SecretKind {
  name: string;
  pattern: RegExp;
}

/** Credential shapes of the providers a packet is likely to mention. */
export const SECRET_KINDS: readonly SecretKind[] = [
  // Distinctive prefixes match anywhere, even glued to other text (`xsk-ant-...`, `keyAKIA...`);
  // the short generic ones need a non-alphanumeric character (or nothing) before them.
  { name: 'an Anthropic API key', pattern: /sk-ant-[A-Za-z0-9_-]{20,}/ },
  {
    name: 'an OpenAI API key',
    pattern: /(?<![A-Za-z0-9])sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/,
  },
  {
    name: 'a GitHub token',
    pattern: /(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})/,
  },
  { name: 'an AWS access key id', pattern: /(?:AKIA|ASIA)[0-9A-Z]{16}(?![0-9A-Z])/ },
  { name: 'a Google API key', pattern: /AIza[0-9A-Za-z_-]{35}/ },
  { name: 'a Slack token', pattern: /xox[abposr]-[A-Za-z0-9-]{10,}/ },
  { name: 'a Stripe secret key', pattern: /(?:sk|rk)_live_[A-Za-z0-9]{16,}/ },
  { name: 'a Hugging Face token', pattern: /(?<![A-Za-z0-9])hf_[A-Za-z0-9]{30,}/ },
  { name: 'a private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/i },
];

/** Cheap test that a text could hold any of the credentials above (their fixed prefixes). */
const SECRET_PREFIX =
  /sk-|sk_live_|rk_live_|gh[pousr]_|github_pat_|AKIA|ASIA|AIza|xox|hf_|private key/i;

/**
 * The credential prefixes as they may sit in YAML source: a folded line turns the break inside
 * "PRIVATE KEY" into a space, so any run of white space may stand between the two words.
 */
const SECRET_PREFIX_IN_SOURCE =
  /sk-|sk_live_|rk_live_|gh[pousr]_|github_pat_|AKIA|ASIA|AIza|xox|hf_|private\s+key/i;

/**
 * Whether any value or key parsed from this YAML text could hold a placeholder, a credential or
 * a hidden character. The text is one `guardBytes` let through, so it holds no hidden character
 * itself, and only an escape (which needs a backslash) writes a character the text does not
 * hold; otherwise every value is pieces of the text joined by spaces or line breaks. So a text
 * with no backslash, no `[` and no credential prefix needs no scan of its values, which spares
 * most packets the walk over every string.
 */
export function mayHoldMarkedText(guardedText: string): boolean {
  return (
    guardedText.includes('\\') ||
    guardedText.includes('[') ||
    SECRET_PREFIX_IN_SOURCE.test(guardedText)
  );
}

/** The first credential found in a text: its kind and a redacted excerpt (4 characters). */
export function findSecret(text: string): { kind: string; redacted: string } | undefined {
  if (!SECRET_PREFIX.test(text)) return undefined;
  for (const { name, pattern } of SECRET_KINDS) {
    const match = pattern.exec(text);
    if (match) return { kind: name, redacted: redact(match[0]) };
  }
  return undefined;
}

/**
 * The text with every credential replaced by its redacted excerpt, so a message that quotes
 * untrusted text (an unknown key, a value of the wrong form) never echoes a key.
 */
export function redactSecrets(text: string): string {
  let redacted = text;
  for (const { pattern } of SECRET_KINDS) {
    redacted = redacted.replace(new RegExp(pattern.source, 'g'), redact);
  }
  return redacted;
}

function redact(secret: string): string {
  return `${secret.slice(0, 4)}…[redacted]`;
}

/**
 * Characters a reviewer cannot see: C0 and C1 controls (tab, LF and CR excepted), DEL,
 * bidirectional overrides, isolates and marks, zero-width space and word joiners, and a
 * byte-order mark inside the text. Zero-width (non-)joiners are allowed: some scripts need them.
 */
export const HIDDEN_CHARACTER =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/u;

/** The first hidden character in a text, as `U+XXXX`, with its index. */
export function findHiddenCharacter(text: string): { name: string; index: number } | undefined {
  const match = HIDDEN_CHARACTER.exec(text);
  if (!match) return undefined;
  const code = match[0].codePointAt(0) ?? 0;
  return { name: `U+${code.toString(16).toUpperCase().padStart(4, '0')}`, index: match.index };
}

const EMAIL =
  /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}/;
const PHONE =
  /(?:\+\d{1,3}[ .-]?\(?\d{1,4}\)?[ .-]?\d{2,4}[ .-]?\d{2,4}(?:[ .-]?\d{2,4})?|\(\d{3}\) ?\d{3}[ .-]\d{4}|\b\d{3}[ .-]\d{3}[ .-]\d{4}\b)/;

/** Personal contact data in a text: which kind, never the value itself. */
export function findPersonalData(text: string): 'an e-mail address' | 'a phone number' | undefined {
  // Cheap tests first: an address needs an @, a phone number a run of digits and separators.
  if (text.includes('@') && EMAIL.test(text)) return 'an e-mail address';
  if (/[0-9][0-9 .()-]{5,}[0-9]/.test(text) && PHONE.test(text)) return 'a phone number';
  return undefined;
}
