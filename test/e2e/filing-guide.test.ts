/**
 * A newcomer follows docs/filing.md in a fresh clone: every command in its `sh` blocks is run
 * as written, through the built CLI as `npm run packet --` runs it, with only the human fields
 * filled in as the guide says. The last check must pass.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/paths.js';

const CLI = path.join(REPO_ROOT, 'dist/scripts/cli/packet.cjs');
/** The filing day: before November's close (5 December under the shipped policy). */
const TODAY = '2026-12-03';

/** What a person writes in place of each placeholder the draft leaves. */
const FILLED: Record<string, string> = {
  business_justification: 'A one-off re-index of the catalogue ran in November; it will not recur.',
  corrective_action: 'Cap the re-index job in the gateway; tracked in OPS-12.',
  corrective_action_target_date: '2027-01-15',
  next_review_date: '2027-01-05',
  resolution_plan: 'Ask the provider which project the cost belongs to; tracked in FIN-7.',
  resolution_target_date: '2027-01-31',
};

/** Each command of the guide's `sh` blocks, in order: continuations joined, comments cut. */
function guideCommands(markdown: string): string[][] {
  const blocks = [...markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
  return blocks.map((block) =>
    block
      .replace(/\\\n\s*/g, ' ')
      .split('\n')
      .map((line) => line.replace(/\s+#.*$/, '').trim())
      .filter((line) => line !== ''),
  );
}

/** A guide command as argv, `npm run -s packet --` and `npm run validate --` as the CLI. */
function argvOf(command: string): string[] {
  const words = command.split(/\s+/);
  if (words.slice(0, 5).join(' ') === 'npm run -s packet --') return [CLI, ...words.slice(5)];
  if (words.slice(0, 4).join(' ') === 'npm run validate --') {
    return [CLI, 'validate', ...words.slice(4)];
  }
  throw new Error(`the guide runs something other than the CLI: ${command}`);
}

function fillIn(text: string): string {
  return text.replace(
    /^(\s*)([a-z_]+): "\[(?:TODO: [^\]]*|YYYY-MM-DD)\]"$/gm,
    (_, indent: string, key: string) => `${indent}${key}: ${JSON.stringify(FILLED[key])}`,
  );
}

const clone = mkdtempSync(path.join(tmpdir(), 'filing-guide-'));
afterAll(() => rmSync(clone, { recursive: true, force: true }));

describe('docs/filing.md, followed step by step', () => {
  it('ends with packet validate passing on the new packet', () => {
    execFileSync('git', ['clone', '-q', REPO_ROOT, clone]);
    const guide = readFileSync(path.join(REPO_ROOT, 'docs/filing.md'), 'utf8');
    const [deadline, draft, check, ...rest] = guideCommands(guide);
    expect(rest).toEqual([]);
    const env = {
      PATH: process.env.PATH ?? '',
      PACKET_TODAY: TODAY,
      PACKET_CACHE_DIR: process.env.PACKET_CACHE_DIR,
    };
    const run = (command: string) => {
      const [file, ...args] = command.startsWith('git ')
        ? command.split(/\s+/)
        : [process.execPath, ...argvOf(command)];
      const result = spawnSync(file!, args, { cwd: clone, env, encoding: 'utf8' });
      return { command, status: result.status, out: `${result.stdout}${result.stderr}` };
    };

    // 1. The deadline.
    expect(deadline!.map(run)).toMatchObject([{ status: 0 }]);

    // 3. The draft, then the human fields. The shipped example already files this export, so
    // it goes first, as the guide says (else the second filing is COST_FILED_TWICE).
    execFileSync('git', ['rm', '-q', 'packets/ml-platform/EXC-2026-12-02-ML-PLATFORM.yaml'], {
      cwd: clone,
    });
    const before = new Set(readdirSync(path.join(clone, 'packets/ml-platform')));
    expect(draft!.map(run)).toMatchObject([{ status: 0 }]);
    const written = readdirSync(path.join(clone, 'packets/ml-platform')).filter(
      (name) => !before.has(name),
    );
    expect(written).toEqual([`EXC-${TODAY}-ML-PLATFORM.yaml`]);
    const packet = path.join(clone, 'packets/ml-platform', written[0]!);
    const filled = fillIn(readFileSync(packet, 'utf8'));
    const fields = filled.split('\n').filter((line) => !line.startsWith('#'));
    expect(fields.filter((line) => /\[TODO: |\[YYYY-MM-DD\]/.test(line))).toEqual([]);
    writeFileSync(packet, filled);

    // 4. Every check the guide gives passes.
    const checks = check!.map(run);
    expect(checks.length).toBeGreaterThanOrEqual(3);
    for (const result of checks) expect(result, result.out).toMatchObject({ status: 0 });
    // The last check is the staged one: it saw the new packet, not an empty index.
    expect(checks.at(-1)!.command).toContain('validate');
    expect(checks.at(-1)!.out).toContain('1 packet, 1 valid, 0 errors');
  }, 120_000);
});
