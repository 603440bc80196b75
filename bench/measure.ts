/**
 * Runs commands several times and reports each one's median wall time and largest peak memory.
 * Peak memory comes from GNU time when the machine has it (`/usr/bin/time -f %M`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface Measurement {
  label: string;
  medianMs: number;
  peakMb: number | undefined;
  runs: number;
}

/** One command to time, and what must be done before each of its runs (not timed). */
export interface Timed {
  label: string;
  command: string[];
  before?: () => void;
  /** Set for this command only, over the options' environment. */
  env?: NodeJS.ProcessEnv;
}

interface Options {
  cwd: string;
  runs: number;
  before?: () => void;
  env?: NodeJS.ProcessEnv;
}

const GNU_TIME = '/usr/bin/time';

export function measure(label: string, command: string[], options: Options): Measurement {
  const { before, ...rest } = options;
  const [measured] = measureTogether([{ label, command, ...(before ? { before } : {}) }], rest);
  return measured;
}

/**
 * Times the commands in turn, run after run, so that a ratio between two of them compares runs
 * made on the machine in the same state: its load and clock drift over a benchmark's minutes.
 */
export function measureTogether<const List extends readonly Timed[]>(
  timed: List,
  options: Omit<Options, 'before'>,
): { [At in keyof List]: Measurement } {
  const times = timed.map((): number[] => []);
  const peaks = timed.map((): number | undefined => undefined);

  for (let run = 0; run < options.runs; run++) {
    timed.forEach(({ command, before, env }, at) => {
      before?.();
      const { ms, peakMb } = timeOnce(command, { ...options, env: { ...options.env, ...env } });
      times[at]!.push(ms);
      if (peakMb !== undefined) peaks[at] = Math.max(peaks[at] ?? 0, peakMb);
    });
  }

  const measured = timed.map(({ label }, at) => ({
    label,
    medianMs: median(times[at]!),
    peakMb: peaks[at],
    runs: options.runs,
  }));
  return measured as { [At in keyof List]: Measurement };
}

function timeOnce(command: string[], options: Omit<Options, 'before'>) {
  const useTime = existsSync(GNU_TIME);
  const argv = useTime ? [GNU_TIME, '-f', '%M', ...command] : command;
  const start = performance.now();
  const result = spawnSync(argv[0]!, argv.slice(1), {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = performance.now() - start;
  if (result.error) throw result.error;

  const kb = useTime ? Number(result.stderr.trim().split('\n').at(-1)) : NaN;
  return { ms, peakMb: Number.isFinite(kb) ? kb / 1024 : undefined };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
