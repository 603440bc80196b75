/**
 * Benchmark: `packet audit` over a generated repository of recorded packets (5,000 packets,
 * 20,000 first-parent commits by default), next to `git log --name-status` over the same history
 * (the floor). Each time is the median of `--runs` runs (3 by default).
 * Usage: `npm run bench:audit` or `node dist/bench/audit.js [packets] [--quick] [--runs N]
 * [--keep DIR] [--repo DIR]`. `--quick` is 500 packets and one run, for CI; `--keep DIR` leaves
 * the generated repository in DIR; `--repo DIR` audits a repository generated before.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { runAudit } from '../scripts/cli/audit.js';
import { generateHistory } from './generate-history.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    keep: { type: 'string' },
    repo: { type: 'string' },
  },
});
const PACKETS = Number(positionals[0] ?? (values.quick ? 500 : 5000));
const RUNS = Number(values.runs ?? (values.quick ? 1 : 3));

/** Median wall time of `runs` calls of `fn`, in milliseconds, and the last value. */
async function median<T>(runs: number, fn: () => T | Promise<T>): Promise<[T, number]> {
  const times: number[] = [];
  let value: T | undefined;
  for (let run = 0; run < runs; run += 1) {
    const start = process.hrtime.bigint();
    value = await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return [value as T, times[Math.floor(times.length / 2)]!];
}

/** One audit run in this process, as the CLI would run it; returns exit code and output. */
async function audit(dir: string): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runAudit(['--format', 'json', '--today', '2026-11-20'], {
    cwd: dir,
    env: {},
    stdout: (t) => (out += t),
    stderr: () => {},
    isTTY: false,
  });
  return { code, out };
}

async function main(): Promise<void> {
  const dir = values.repo ?? values.keep ?? mkdtempSync(join(tmpdir(), 'packet-bench-'));
  try {
    // 1. The repository, unless one generated before was given.
    if (values.repo === undefined) {
      const [, generatedMs] = await median(1, () => generateHistory(dir, PACKETS));
      console.log(`generated ${PACKETS} packets in ${(generatedMs / 1000).toFixed(1)} s`);
    }
    const count = execFileSync('git', ['rev-list', '--first-parent', '--count', 'HEAD'], {
      cwd: dir,
      encoding: 'utf8',
    }).trim();

    // 2. The floors, then the audit, each the median of RUNS.
    const git = (args: string[]) => execFileSync('git', args, { cwd: dir, maxBuffer: 1 << 30 });
    const [, floorMs] = await median(RUNS, () => git(['log', '--name-status', '--format=%H']));
    const [, floorFpMs] = await median(RUNS, () =>
      git(['log', '--first-parent', '--diff-merges=first-parent', '--name-status', '-M']),
    );
    const [{ code, out }, auditMs] = await median(RUNS, () => audit(dir));
    const report = JSON.parse(out) as { packets: { result: string }[] };
    const clean = report.packets.filter((p) => p.result === 'clean').length;

    // 3. The table.
    const row = (label: string, ms: number, note = ''): void =>
      console.log(`${label.padEnd(52)}${ms.toFixed(0).padStart(6)} ms${note}`);
    console.log(`${count} first-parent commits, median of ${RUNS} run(s)`);
    row('git log --name-status (floor):', floorMs);
    row('git log --first-parent --name-status -M:', floorFpMs);
    row('packet audit --format json:', auditMs, ` (exit ${code}, ${clean}/${PACKETS} clean)`);
    console.log(
      `${'ratio to the floor:'.padEnd(52)}${(auditMs / floorMs).toFixed(2).padStart(6)}x`,
    );
    if (code !== 0 || clean !== PACKETS) process.exitCode = 1;
  } finally {
    if (values.repo === undefined && values.keep === undefined) {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

await main();
