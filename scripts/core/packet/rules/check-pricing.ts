/**
 * Unit prices, rate limits and model identifiers go stale between billing cycles. A packet that
 * states one must say where and when it was verified, on a date inside the review period.
 */
import type { RuleFinding } from '../finding.js';
import type { PricingReference } from '../packet.js';
import type { Rule } from '../rule.js';

type Kind = PricingReference['kind'];

/**
 * What a text must mention, with a cheap test of words any match holds (on the lower-cased text)
 * so that a text without them never runs the pattern. A pattern is compiled when first run, in
 * each run: the three of them took longer than a pull request's five packets took to check.
 * Spaces are an open repeat (\s*): a counted one of so large a class is written out copy by
 * copy, which cost most of that. Digit runs stay bounded, so that a long run of digits and commas
 * is not scanned again from each of its digits.
 */
const MENTIONS: readonly {
  kind: Kind;
  what: string;
  mayHold: (lower: string) => boolean;
  pattern: RegExp;
}[] = [
  {
    kind: 'unit_price',
    what: 'a unit price',
    mayHold: (lower) => hasDigit(lower) && (lower.includes('/') || lower.includes('per')),
    pattern:
      /(?:[$\u20ac\u00a3] ?\d[\d.,]{0,12}|\b\d[\d.,]{0,12} ?(?:USD|EUR|GBP|cents?))\s*(?:\/|per)\s*(?:1 ?[km]\b|1,?000|thousand|million|[km]? ?tokens?\b|requests?\b|calls?\b|images?\b|minutes?\b|characters?\b)/i,
  },
  {
    kind: 'rate_limit',
    what: 'a rate limit',
    mayHold: (lower) =>
      hasDigit(lower) &&
      ['rpm', 'tpm', 'rpd', 'tpd', 'request', 'token'].some((word) => lower.includes(word)),
    pattern:
      /\b\d[\d,]{0,12} ?(?:RPM|TPM|RPD|TPD|requests? (?:per|a|\/) ?(?:second|minute|day)|tokens? (?:per|a|\/) ?(?:minute|day))\b/i,
  },
  {
    kind: 'model',
    what: 'a model identifier',
    mayHold: (lower) => MODEL_WORDS.some((word) => lower.includes(word)) || /o[1-9]-/.test(lower),
    pattern:
      /\b(?:gpt-[0-9]|o[1-9]-(?:mini|pro|preview)\b|claude-[\w.-]|gemini-[\w.-]|llama-?[0-9]|mistral-[\w.-]|text-embedding-[\w.-]|dall-e-[0-9]|whisper-[0-9])/i,
  },
];

const MODEL_WORDS = [
  'gpt-',
  'claude-',
  'gemini-',
  'llama',
  'mistral-',
  'text-embedding-',
  'dall-e-',
  'whisper-',
];

function hasDigit(text: string): boolean {
  for (let at = 0; at < text.length; at += 1) {
    const code = text.charCodeAt(at);
    if (code >= 48 && code <= 57) return true;
  }
  return false;
}

const FREE_TEXT = ['business_justification', 'corrective_action'] as const;

export const checkPricing: Rule = ({ packet }) => {
  const findings: RuleFinding[] = [];
  const references = packet.pricing_references ?? [];
  const sourced = new Set(references.map((reference) => reference.kind));

  const texts: [string, string][] = FREE_TEXT.map((field) => [`/${field}`, packet[field]]);
  packet.segments.forEach((segment, index) =>
    texts.push([`/segments/${index}/label`, segment.label]),
  );
  if (packet.budget_adjustment_request) {
    texts.push(['/budget_adjustment_request/reason', packet.budget_adjustment_request.reason]);
  }

  const lowered = texts.map(([field, text]) => [field, text, text.toLowerCase()] as const);
  for (const { kind, what, mayHold, pattern } of MENTIONS) {
    if (sourced.has(kind)) continue;
    const hit = lowered.find(([, text, lower]) => mayHold(lower) && pattern.test(text));
    if (hit) {
      findings.push({
        code: 'PRICING_UNSOURCED',
        field: hit[0],
        message: `states ${what} without a source; add a pricing_references entry (kind ${kind}) with the source and the date you verified it`,
      });
    }
  }

  references.forEach((reference, index) => {
    if (
      reference.accessed < packet.review_period_start ||
      reference.accessed > packet.review_period_end
    ) {
      findings.push({
        code: 'PRICING_STALE',
        field: `/pricing_references/${index}/accessed`,
        message: `${reference.item} was verified on ${reference.accessed}, outside the review period ${packet.review_period_start}..${packet.review_period_end}; verify it again for this period`,
      });
    }
  });
  return findings;
};
