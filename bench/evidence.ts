/**
 * Benchmark: the FOCUS reader against a plain streaming csv-parse of the same generated
 * 1,000,000-row export (the floor). Each measurement runs in its own process so that peak
 * memory (max RSS) belongs to that reader alone.
 *
 *   npm run build && node dist/bench/evidence.js [rows]
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import { EMPTY_ALLOCATION } from '../scripts/core/evidence/allocation.js';
import { readFocus } from '../scripts/core/evidence/readers/read-focus.js';
import { createSummarizer } from '../scripts/core/evidence/summarize.js';
import { dec } from '../scripts/core/money/decimal.js';

type Mode = 'plain' | 'focus' | 'focus+summary';
interface Result {
  mode: Mode;
  rows: number;
  seconds: number;
  maxRssMb: number;
  total?: string;
}

const HEADER =
  'BilledCost,EffectiveCost,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ServiceProviderName,ServiceName,SubAccountId,ResourceId,Tags';

/** Writes the export and returns the exact BilledCost total, summed as integers. */
async function generate(file: string, rows: number): Promise<string> {
  const out = createWriteStream(file);
  let total = 0n;
  out.write(`\uFEFF${HEADER}\n`);
  for (let i = 0; i < rows; i += 1) {
    // Amounts in 1e-11 units, as real FOCUS files store them; deterministic, some negative.
    const units = BigInt(((i * 7919) % 100_000_000) - (i % 97 === 0 ? 150_000_000 : 0));
    total += units;
    const day = (i % 30) + 1;
    const date = `2026-09-${String(day).padStart(2, '0')}`;
    const tags = i % 3 === 0 ? 'NULL' : `"{""team"": ""t${i % 7}"", "" env"": ""prod""}"`;
    const line = `${formatUnits(units)},${formatUnits(units)},USD,2026-09-01 00:00:00,2026-10-01 00:00:00,${date} 10:00:00,${date} 11:00:00,Usage,OpenAI,Azure OpenAI,sub-${i % 11},res-${i},${tags}\n`;
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  return formatUnits(total);
}

function formatUnits(units: bigint): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(12, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -11)}.${digits.slice(-11)}`;
}

/** Runs one mode in this process and prints its result as JSON. */
async function measure(mode: Mode, file: string): Promise<void> {
  const started = process.hrtime.bigint();
  let rows = 0;
  let total: string | undefined;
  const chunks = createReadStream(file, { highWaterMark: 256 * 1024 }) as AsyncIterable<Uint8Array>;
  if (mode === 'plain') {
    const parser = parse({ bom: true });
    const source = createReadStream(file, { highWaterMark: 256 * 1024 });
    source.pipe(parser);
    for await (const record of parser as AsyncIterable<string[]>) if (record.length > 0) rows += 1;
    rows -= 1;
  } else {
    const summarizer = createSummarizer({
      periodStart: '2026-09-01',
      periodEnd: '2026-09-30',
      allocation: EMPTY_ALLOCATION,
    });
    for await (const event of readFocus(chunks)) {
      if (event.kind === 'item') rows += 1;
      if (mode === 'focus+summary') summarizer.add(event);
    }
    if (mode === 'focus+summary') total = summarizer.finish().total;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  const result: Result = {
    mode,
    rows,
    seconds,
    maxRssMb,
    ...(total !== undefined ? { total } : {}),
  };
  process.stdout.write(JSON.stringify(result));
}

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'packet-bench-'));
  const file = path.join(dir, 'focus.csv');
  try {
    const expected = await generate(file, rows);
    const size = statSync(file).size / 1024 / 1024;
    console.log(
      `FOCUS export: ${rows} rows, ${size.toFixed(1)} MB, exact BilledCost total ${expected}`,
    );

    const self = fileURLToPath(import.meta.url);
    const results: Result[] = [];
    for (const mode of ['plain', 'focus', 'focus+summary'] as const) {
      const run = spawnSync(process.execPath, [self, '--measure', mode, file], {
        encoding: 'utf8',
      });
      if (run.status !== 0) throw new Error(`${mode} failed: ${run.stderr}`);
      results.push(JSON.parse(run.stdout) as Result);
    }

    const floor = results[0]!;
    console.log('');
    console.log('| reader | rows | seconds | rows/s | vs floor | peak RSS MB |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const r of results) {
      const rate = Math.round(r.rows / r.seconds);
      const ratio = (r.seconds / floor.seconds).toFixed(2);
      console.log(
        `| ${r.mode} | ${r.rows} | ${r.seconds.toFixed(2)} | ${rate} | ${ratio}x | ${r.maxRssMb.toFixed(0)} |`,
      );
    }
    const summary = results.find((r) => r.mode === 'focus+summary');
    console.log('');
    const same = summary?.total !== undefined && dec(summary.total).eq(dec(expected));
    console.log(
      `summary total ${summary?.total} ${same ? 'matches' : 'DIFFERS FROM'} the generated total`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--measure') {
  await measure(process.argv[3] as Mode, process.argv[4]!);
} else {
  await main();
}
