/**
 * CODEOWNERS read with GitHub's semantics, on top of the gitignore matcher `ignore`.
 *
 * What GitHub does differently from gitignore, and this module therefore adds:
 * - the last matching line wins (there is no negation to undo a match);
 * - `!` negation, `[ ]` character ranges and a `\#` escaped leading hash are invalid lines:
 *   GitHub skips them, so this module skips and reports them;
 * - `#` after whitespace starts an inline comment;
 * - `dir/*` matches only the files directly in `dir`, not deeper ones;
 * - a matching line with no owners leaves the path without owners;
 * - paths are case-sensitive, owner names are not.
 */
import type { Ignore } from 'ignore';
import { ignoreLibrary } from '../libraries.js';

import { parseCodeownersLine } from './codeowners-line.js';

/** One usable CODEOWNERS line. */
export interface CodeownersRule {
  /** 1-based line number in the file. */
  line: number;
  pattern: string;
  /** Owners as written (`@user`, `@org/team` or an e-mail address); may be empty. */
  owners: string[];
}

/** A line GitHub skips, with the reason and what to write instead. */
export interface CodeownersProblem {
  code: string;
  line: number;
  column: number;
  message: string;
}

export interface Codeowners {
  /** Where the file was found (for messages). */
  path: string;
  rules: CodeownersRule[];
  problems: CodeownersProblem[];
  /** Owners of `path` (last matching line), `[]` when unowned. */
  ownersOf(path: string): string[];
  /** The rule that decides `path`, or undefined when no line matches. */
  ruleFor(path: string): CodeownersRule | undefined;
}

/** GitHub does not load a CODEOWNERS file of 3 MB or more. */
export const CODEOWNERS_MAX_BYTES = 3 * 1024 * 1024;

/** Parses CODEOWNERS text. Never throws: bad lines become problems and are skipped. */
export function parseCodeowners(text: string, path = 'CODEOWNERS'): Codeowners {
  const rules: CodeownersRule[] = [];
  const problems: CodeownersProblem[] = [];

  if (new TextEncoder().encode(text).length >= CODEOWNERS_MAX_BYTES) {
    problems.push({
      code: 'CODEOWNERS_TOO_LARGE',
      line: 1,
      column: 1,
      message: `${path} is 3 MB or more, so GitHub ignores all of it; split broad rules into fewer lines`,
    });
    return build(path, rules, problems);
  }

  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const parsed = parseCodeownersLine(raw, index + 1);
    if (parsed === undefined) return;
    if ('code' in parsed) problems.push(parsed);
    else rules.push(parsed);
  });

  return build(path, rules, problems);
}

interface CompiledRule {
  rule: CodeownersRule;
  matcher: Ignore;
  /** Text a matching path must start with ('' when the pattern is not anchored). */
  prefix: string;
}

function build(path: string, rules: CodeownersRule[], problems: CodeownersProblem[]): Codeowners {
  const compiled = rules.map((rule) => ({
    rule,
    matcher: compile(rule.pattern),
    prefix: literalPrefix(rule.pattern),
  }));

  const ruleFor = (file: string): CodeownersRule | undefined => {
    const target = file.replace(/^\/+/, '');
    if (!ignoreLibrary().isPathValid(target)) return undefined;
    for (let i = compiled.length - 1; i >= 0; i--) {
      const entry = compiled[i] as CompiledRule;
      if (!target.startsWith(entry.prefix)) continue;
      if (entry.matcher.ignores(target)) return entry.rule;
    }
    return undefined;
  };

  return {
    path,
    rules,
    problems,
    ruleFor,
    ownersOf: (file) => ruleFor(file)?.owners ?? [],
  };
}

/**
 * One matcher per line, so "last match wins" is a simple backwards scan. A pattern ending in
 * `/*` must not reach into subdirectories; gitignore would, because the `*` matches the
 * directory and a matched directory takes its contents along. Re-including every directory
 * (`!*\/`) keeps the match to the files the `*` names directly.
 */
function compile(pattern: string): Ignore {
  const matcher = ignoreLibrary()({ ignorecase: false });
  matcher.add(pattern);
  if (pattern.endsWith('/*')) matcher.add('!*/');
  return matcher;
}

/**
 * Text every path a pattern matches must start with: for a pattern anchored at the root (a slash
 * at its start or in its middle), its literal characters up to the first wildcard, escape or
 * space; for any other pattern, nothing. Checking it first spares most rules the matcher, since
 * a CODEOWNERS file is mostly one anchored line per folder.
 */
function literalPrefix(pattern: string): string {
  const anchored = pattern.startsWith('/') || pattern.slice(0, -1).includes('/');
  if (!anchored) return '';
  const body = pattern.replace(/^\/+/, '');
  const stop = body.search(/[*?[\\!\s]/);
  return stop < 0 ? body : body.slice(0, stop);
}

/** Lower-cased owner, for comparing names the way GitHub does (case-insensitively). */
export function normaliseOwner(owner: string): string {
  return owner.toLowerCase();
}
