/**
 * Log injection: text from a pull request must not issue workflow commands (`::set-env`,
 * `::add-mask::`, a forged `::error`, an end to stop-commands). Untrusted lines are printed
 * between stop-commands markers with a random token; annotations and failures go through
 * @actions/core, which escapes them; no other log call prints untrusted text.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { logUntrusted, verdictLines } from '../../scripts/action/log-untrusted.js';
import type { Verdict } from '../../scripts/core/signoff/types.js';
import { REPO_ROOT } from '../support/paths.js';

const PAYLOADS = [
  '::set-env name=NODE_OPTIONS::--require /tmp/x.js',
  '::add-mask::everything',
  '::error file=packets/a.yaml,line=1::forged failure',
  '::stop-commands::guess',
  '::endgroup::',
  'ok\n::warning::smuggled after a newline',
  'ok\r::notice::smuggled after a CR',
  '%0A::error::percent-encoded newline',
];

/** Lines a runner would read as a workflow command: starting with `::`. */
function commandLines(output: string): string[] {
  return output.split(/\r?\n|\r/).filter((line) => line.startsWith('::'));
}

describe('log injection', () => {
  it.each(PAYLOADS)('logUntrusted keeps %j inside the stop-commands markers', (payload) => {
    const written: string[] = [];
    logUntrusted([`packet ${payload}`, payload], (text) => written.push(text));
    const output = written.join('');

    const [start, ...rest] = commandLines(output);
    const token = /^::stop-commands::([0-9a-f-]{36})$/.exec(start ?? '')?.[1];
    expect(token).toBeDefined();
    // The only command after the start is the end marker, as the very last line.
    const ends = rest.filter((line) => line === `::${token}::`);
    expect(ends).toHaveLength(1);
    expect(output.trimEnd().endsWith(`::${token}::`)).toBe(true);
    expect(output).toContain(payload.split(/[\r\n]/)[0]);
  });

  it('uses a new token every time, so a pull request cannot learn it', () => {
    const tokens = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const written: string[] = [];
      logUntrusted(['x'], (text) => written.push(text));
      tokens.add(written[0] ?? '');
    }
    expect(tokens.size).toBe(5);
  });

  it('prints verdict text (paths, logins, messages) only through the markers', () => {
    const hostile = PAYLOADS[2]!;
    const verdict: Verdict = {
      passed: false,
      headSha: 'a'.repeat(40),
      summary: hostile,
      problems: [{ code: 'P', message: hostile }],
      warnings: [],
      packets: [
        {
          path: hostile,
          groups: [{ group: hostile, reason: '', satisfied: false, missing: hostile }],
          findings: [],
          satisfied: false,
        },
      ],
    };
    const written: string[] = [];
    logUntrusted(verdictLines(verdict), (text) => written.push(text));

    const lines = written.join('').trimEnd().split('\n');
    const token = /^::stop-commands::(.+)$/.exec(lines[0] ?? '')?.[1];
    expect(lines.at(-1)).toBe(`::${token}::`);
    expect(lines.slice(1, -1).filter((line) => line.includes('forged failure'))).toHaveLength(4);
  });

  it('@actions/core escapes annotation and failure text so it stays one command', () => {
    const script = [
      "import * as core from '@actions/core';",
      'const payloads = JSON.parse(process.argv[1]);',
      'for (const p of payloads) {',
      '  core.error(p, { file: p, title: p, startLine: 1 });',
      '  core.warning(p);',
      '  core.setFailed(p);',
      '}',
    ].join('\n');
    // setFailed sets a failing exit code; the output is what matters.
    const output = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', script, JSON.stringify(PAYLOADS)],
      { cwd: REPO_ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } },
    ).stdout;

    const commands = commandLines(output);
    expect(commands).toHaveLength(PAYLOADS.length * 3);
    expect(commands.every((line) => /^::(error|warning)[ :]/.test(line))).toBe(true);
  });

  it('scripts/action prints untrusted text nowhere but through logUntrusted and core', () => {
    const dir = path.join(REPO_ROOT, 'scripts/action');
    // core.info and log.info write raw lines; only these values (counts, event names, the
    // gate's own words) may be interpolated into them.
    const allowed = new Set([
      'pullNumber',
      'runner.eventName',
      'published.checkRun.action',
      'published.comment.action',
      'pr.number',
      'outcome.commits.length',
      'outcome.attempts',
      'changedFiles.length',
      'reviews.length',
      'reminder.items.length',
      'forecasts.length',
      // A calendar date the entry has already checked, the step's own kind, an issue number.
      'reminder.today',
      'step.kind',
      "issue ?? ''",
      // The alert entry's log goes through logUntrusted; these are a branch name built from a
      // schema-checked owner id and a month, the repository's default branch, ids and numbers.
      'branch',
      'intake.branch',
      'context.defaultBranch',
      'base.slice(0, 7)',
      'pull.number',
      'existing.number',
      // The recorder's own branch (record/pr-<N>, built from a number), a choice between two
      // fixed words, and the address GitHub gave the pull request the recorder itself opened.
      'where',
      "opened ? 'opened' : 'already open:'",
      'pull.htmlUrl',
    ]);
    const offenders: string[] = [];
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(path.join(dir, name), 'utf8');
      if (/console\.|process\.stdout\.write/.test(text) && name !== 'log-untrusted.ts') {
        offenders.push(`${name}: writes to stdout directly`);
      }
      for (const call of text.matchAll(/\b(?:core|log)\.(?:info|debug)\(([^;]*?)\);/gs)) {
        for (const [, expression] of (call[1] ?? '').matchAll(/\$\{([^}]*)\}/g)) {
          if (!allowed.has(expression ?? '')) offenders.push(`${name}: ${expression}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
