/**
 * The options of `packet new`, read and checked before anything is opened. Every mistake is a
 * usage error that says what to pass instead.
 */
import { parseArgs } from 'node:util';
import { isCalendarDate, endOfMonth } from '../core/calendar.js';
import { UsageError } from '../core/errors.js';
import type { CostColumn } from '../core/evidence/line-item.js';
import { dec, isDecimal, parseDecimal } from '../core/money/decimal.js';
import type { EvidenceFormat } from '../core/packet/packet.js';
import { UNALLOCATED } from '../core/packet/packet.js';

export interface NewOptions {
  help: boolean;
  exportFile: string;
  owner: string;
  budget?: string;
  period?: { start: string; end: string; given: string };
  format?: EvidenceFormat;
  mapping?: string;
  costColumn: CostColumn;
  provider?: string;
  alertFile?: string;
  today?: string;
  root?: string;
}

const FORMATS: readonly EvidenceFormat[] = [
  'focus',
  'azure-ea',
  'openai',
  'openai-csv',
  'anthropic',
  'csv',
];
const OWNER = /^[a-z0-9][a-z0-9-]{0,62}$/;
const HINT = 'Run `packet new --help` for the options and an example.';

/** Reads the arguments of `packet new`; throws `UsageError` for anything unusable. */
export function parseNewOptions(argv: string[]): NewOptions {
  const values = readArgs(argv);
  if (values.help === true)
    return { help: true, exportFile: '', owner: '', costColumn: 'BilledCost' };

  // Step 1: what is always required.
  const exportFile = required(values.export, '--export FILE');
  const owner = required(values.owner, '--owner ID');
  if (!OWNER.test(owner) || owner === UNALLOCATED) {
    throw new UsageError(
      `--owner ${JSON.stringify(owner)} is not an owner id`,
      `Use the folder name under packets/: lower-case letters, digits and dashes (not ${UNALLOCATED}).`,
    );
  }
  if (values.budget === undefined && values.alert === undefined) {
    throw new UsageError('--budget AMOUNT is required (or --alert FILE to take it from)', HINT);
  }

  // Step 2: each value on its own.
  const options: NewOptions = { help: false, exportFile, owner, costColumn: costColumn(values) };
  if (values.budget !== undefined) options.budget = budget(values.budget);
  const period = readPeriod(values);
  if (period !== undefined) options.period = period;
  if (values.format !== undefined) options.format = format(values.format);
  if (values.mapping !== undefined) {
    if (options.format !== undefined && options.format !== 'csv') {
      throw new UsageError(`--mapping is for --format csv, not ${options.format}`, HINT);
    }
    options.format = 'csv';
    options.mapping = values.mapping;
  }
  if (values.provider !== undefined) options.provider = values.provider;
  if (values.alert !== undefined) options.alertFile = values.alert;
  if (values.today !== undefined) options.today = date(values.today, '--today');
  if (values.root !== undefined) options.root = values.root;
  return options;
}

type ArgValues = ReturnType<typeof readArgs>;

function readArgs(argv: string[]) {
  const string = { type: 'string' } as const;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        export: string,
        owner: string,
        budget: string,
        period: string,
        from: string,
        to: string,
        format: string,
        mapping: string,
        'cost-column': string,
        provider: string,
        alert: string,
        today: string,
        root: string,
        help: { type: 'boolean', short: 'h' },
      },
    });
    return values;
  } catch (error) {
    // node:util names the option in its message; the hint is ours.
    throw new UsageError(error instanceof Error ? error.message : String(error), HINT);
  }
}

function required(value: string | undefined, what: string): string {
  if (value === undefined || value === '') throw new UsageError(`${what} is required`, HINT);
  return value;
}

function budget(text: string): string {
  const parsed = parseDecimal(text);
  if (!isDecimal(parsed)) {
    throw new UsageError(`--budget ${parsed.message}`, 'Write the amount as plain digits: 1800.00');
  }
  if (parsed.lt(dec(0))) throw new UsageError('--budget must not be negative', HINT);
  return text;
}

function costColumn(values: ArgValues): CostColumn {
  const text = values['cost-column'] ?? 'BilledCost';
  if (text === 'BilledCost' || text === 'EffectiveCost') return text;
  throw new UsageError(`--cost-column must be BilledCost or EffectiveCost, not ${text}`, HINT);
}

function format(text: string): EvidenceFormat {
  const found = FORMATS.find((name) => name === text);
  if (found === undefined) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not ${text}`, HINT);
  }
  return found;
}

function readPeriod(values: ArgValues): NewOptions['period'] {
  const { period, from, to } = values;
  if (period !== undefined && (from !== undefined || to !== undefined)) {
    throw new UsageError('give --period or --from and --to, not both', HINT);
  }
  if (period !== undefined) {
    if (!/^\d{4}-\d{2}$/.test(period) || !isCalendarDate(`${period}-01`)) {
      throw new UsageError(`--period ${period} is not a month`, 'Write YYYY-MM, as 2026-10.');
    }
    return { start: `${period}-01`, end: endOfMonth(`${period}-01`), given: `--period ${period}` };
  }
  if (from === undefined && to === undefined) return undefined;
  if (from === undefined || to === undefined) {
    throw new UsageError('--from and --to go together; give both days, or --period', HINT);
  }
  const start = date(from, '--from');
  const end = date(to, '--to');
  if (start > end) throw new UsageError(`--from ${start} is after --to ${end}`, 'Swap them.');
  return { start, end, given: `--from ${start} --to ${end}` };
}

function date(text: string, option: string): string {
  if (!isCalendarDate(text)) {
    throw new UsageError(
      `${option} ${text} is not a calendar date`,
      'Write YYYY-MM-DD, as 2026-10-31.',
    );
  }
  return text;
}
