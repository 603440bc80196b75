/**
 * Makes untrusted text (from packets, logins, messages) inert inside GitHub markdown: it cannot
 * break a table row, ping a person or team, link an issue, open HTML, show an image or a link.
 */

/** Zero-width space: breaks GitHub's mention, reference and autolink detection invisibly. */
const ZWSP = '\u200b';

/** Bidirectional controls that can make text read differently from what it is. */
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;

/**
 * Escapes text for one line of markdown, including a table cell. Newlines become spaces; the
 * punctuation that can start emphasis, code, links, strikethrough or math is backslash-escaped
 * (the pipe too, which GFM honours even inside code spans), and so is a leading character that
 * would start a heading, list or quote; `<`, `>` and `&` become entities; `@name`, `#123`, `://`
 * and `www.` get a zero-width space so nobody is pinged and nothing is linked. Plain punctuation
 * such as `-`, `.` or `+` inside the text is left alone, so the raw report stays readable.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(BIDI, '')
    .replace(/[\r\n\t\f\v]+/g, ' ')
    .replace(/[\\`*_[\]|~$!]/g, (char) => `\\${char}`)
    .replace(/\\\]\(/g, '\\]\\(')
    .replace(
      /^(\s*)(#|=|[+-](?=\s)|\d+(?=[.)](?:\s|$)))/,
      (_, space: string, lead: string) => `${space}\\${lead}`,
    )
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, `@${ZWSP}`)
    .replace(/#(?=\w)/g, `#${ZWSP}`)
    .replace(/:\/\//g, `:${ZWSP}//`)
    .replace(/\bwww\./gi, (match) => `${match.slice(0, 3)}${ZWSP}${match.slice(3)}`);
}

/** Escapes and cuts text to `max` characters (counting the source, before escaping). */
export function escapeShort(text: string, max = 300): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return escapeMarkdown(cut);
}

/** A commit id as inline code (its first 7 characters), or escaped text when it is not hex. */
export function shortSha(sha: string): string {
  return /^[0-9a-f]{7,64}$/i.test(sha) ? `\`${sha.slice(0, 7)}\`` : escapeMarkdown(sha);
}
