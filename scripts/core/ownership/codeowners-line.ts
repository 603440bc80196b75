/**
 * One CODEOWNERS line: comment, blank, a rule, or a line GitHub skips as invalid.
 */
import type { CodeownersProblem, CodeownersRule } from './codeowners.js';

const USER = /^@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const TEAM = /^@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\/[A-Za-z0-9][A-Za-z0-9._-]*$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Kind of a CODEOWNERS owner token, or undefined when it is none of the three. */
export function ownerKind(token: string): 'user' | 'team' | 'email' | undefined {
  if (TEAM.test(token)) return 'team';
  if (USER.test(token)) return 'user';
  if (EMAIL.test(token)) return 'email';
  return undefined;
}

/**
 * Reads one line. Returns undefined for blank and comment lines, a rule for a usable line and
 * a problem for a line GitHub would skip.
 */
export function parseCodeownersLine(
  raw: string,
  line: number,
): CodeownersRule | CodeownersProblem | undefined {
  const tokens = tokenize(raw);
  const first = tokens[0];
  if (first === undefined) return undefined;

  const column = first.column;
  const pattern = first.text;
  if (pattern.startsWith('\\#')) {
    return problem('CODEOWNERS_ESCAPED_HASH', line, column, escapedHashMessage(pattern));
  }
  if (pattern.startsWith('!')) {
    return problem('CODEOWNERS_NEGATION', line, column, negationMessage(pattern));
  }
  const bracket = pattern.search(/[[\]]/);
  if (bracket >= 0) {
    return problem('CODEOWNERS_CHARACTER_RANGE', line, column + bracket, rangeMessage(pattern));
  }

  const owners: string[] = [];
  for (const token of tokens.slice(1)) {
    if (ownerKind(token.text) === undefined) {
      return problem('CODEOWNERS_INVALID_OWNER', line, token.column, ownerMessage(token.text));
    }
    owners.push(token.text);
  }
  return { line, pattern, owners };
}

interface Token {
  text: string;
  /** 1-based column of the token's first character. */
  column: number;
}

/** Splits on whitespace (keeping `\ ` inside a pattern) and stops at an inline `#` comment. */
function tokenize(raw: string): Token[] {
  const tokens: Token[] = [];
  const re = /(?:\\.|[^\s\\])+|\\$/g;
  for (const match of raw.matchAll(re)) {
    if (match[0].startsWith('#')) break;
    tokens.push({ text: match[0], column: (match.index ?? 0) + 1 });
  }
  return tokens;
}

function problem(code: string, line: number, column: number, message: string): CodeownersProblem {
  return { code, line, column, message };
}

function escapedHashMessage(pattern: string): string {
  return `pattern ${JSON.stringify(pattern)} escapes a leading # with \\, which CODEOWNERS does not support; GitHub skips the line. Match the file with a wildcard such as *#name instead`;
}

function negationMessage(pattern: string): string {
  return `pattern ${JSON.stringify(pattern)} uses ! negation, which CODEOWNERS does not support; GitHub skips the line. Write a later line with the wanted owners (or none) for that path`;
}

function rangeMessage(pattern: string): string {
  return `pattern ${JSON.stringify(pattern)} uses a [ ] character range, which CODEOWNERS does not support; GitHub skips the line. Write one line per name or use ? or *`;
}

function ownerMessage(token: string): string {
  return `owner ${JSON.stringify(token)} is not @user, @org/team or an e-mail address; GitHub skips the line. Fix the owner or start a comment with #`;
}
