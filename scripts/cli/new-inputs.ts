/**
 * What `packet new` decides before it reads the export for its figures: the alert (if any),
 * the reader and the review period. Each says on the terminal what it chose and why.
 */
import { open, readFile } from 'node:fs/promises';
import { UsageError } from '../core/errors.js';
import type { AllocationConfig } from '../core/evidence/allocation.js';
import { parseBudgetAlert, type BudgetAlert } from '../core/evidence/budget-alert.js';
import { DETECT_HEAD_BYTES, detectFormat } from '../core/evidence/detect-format.js';
import { addDays } from '../core/evidence/export-dates.js';
import type { ExportSummary } from '../core/evidence/summarize.js';
import type { EvidenceFormat } from '../core/packet/packet.js';
import type { CommandIo } from './io.js';
import type { NewOptions } from './new-options.js';
import { ownValue } from '../core/own-value.js';

/** A review period, first and last day inclusive. */
export interface Period {
  start: string;
  end: string;
}

/** Reads the alert the options name; prints its problem and returns null when unusable. */
export async function readAlertFile(
  options: NewOptions,
  io: CommandIo,
): Promise<BudgetAlert | null> {
  const file = options.alertFile!;
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') {
      throw new UsageError(`--alert ${file} does not exist`, 'Pass the saved alert JSON file.');
    }
    throw error;
  });
  const alert = parseBudgetAlert(text);
  if ('code' in alert) {
    io.stderr(`${file}: ${alert.code} ${alert.message}`);
    io.stderr('Nothing was written. Pass --budget and --period instead of --alert.');
    return null;
  }

  // The alert's cost only says why the packet is filed; the export is the amount of record.
  const crossed =
    alert.thresholdExceeded === undefined ? '' : `, threshold ${alert.thresholdExceeded} crossed`;
  const cost = alert.alertCost === undefined ? '' : ` (alert cost ${alert.alertCost}${crossed})`;
  io.stdout(
    `Alert: budget ${alert.budget} ${alert.currency} for ${alert.periodStart} to ${alert.periodEnd}${cost}; the figures come from the export, not the alert.`,
  );
  if (options.budget !== undefined) {
    io.stdout(`Budget: --budget ${options.budget} is used, not the alert's ${alert.budget}.`);
  }
  if (options.period !== undefined) {
    io.stdout(`Period: ${options.period.given} is used, not the alert's month.`);
  }
  return alert;
}

/** The reader for the export: as given, or told from its first bytes. */
export async function chooseFormat(
  options: NewOptions,
  file: string,
  allocation: AllocationConfig,
  io: CommandIo,
): Promise<{ format: EvidenceFormat; mapping?: string } | undefined> {
  if (
    options.mapping !== undefined &&
    ownValue(allocation.csv_mappings, options.mapping) === undefined
  ) {
    const known = Object.keys(allocation.csv_mappings).join(', ') || 'none';
    throw new UsageError(
      `--mapping ${options.mapping} is not declared in .github/packet-allocation.yml (declared: ${known})`,
      'Declare the mapping under csv_mappings, or pass one of the declared names.',
    );
  }
  if (options.format !== undefined && (options.format !== 'csv' || options.mapping)) {
    return { format: options.format, ...(options.mapping ? { mapping: options.mapping } : {}) };
  }

  const detected = await detectFormat(await readHead(file), allocation);
  if ('code' in detected) {
    io.stderr(`${options.exportFile}: ${detected.code} ${detected.message}`);
    return undefined;
  }
  if (options.format === 'csv' && detected.format !== 'csv') {
    throw new UsageError('--format csv needs a mapping for this header', 'Pass --mapping NAME.');
  }
  const mapping = detected.mapping === undefined ? '' : ` --mapping ${detected.mapping}`;
  io.stdout(`Format: ${detected.format}${mapping} (detected: ${detected.reason}).`);
  return { format: detected.format, ...(detected.mapping ? { mapping: detected.mapping } : {}) };
}

/**
 * The review period: from the options, else the alert's month, else the days the export
 * covers (read once through `readWith` over every day, then again for the figures).
 */
export async function choosePeriod(
  options: NewOptions,
  alert: BudgetAlert | undefined,
  readWith: (period: Period) => Promise<ExportSummary>,
  io: CommandIo,
): Promise<Period | undefined> {
  if (options.period !== undefined) return { start: options.period.start, end: options.period.end };
  if (alert !== undefined) return { start: alert.periodStart, end: alert.periodEnd };

  const everything = await readWith({ start: '1900-01-01', end: '2999-12-31' });
  if (everything.coverage === undefined) {
    io.stderr(
      `${options.exportFile}: EXPORT_NO_DATES the export states no charge dates; pass --period YYYY-MM or --from and --to`,
    );
    return undefined;
  }
  const period = { start: everything.coverage.start, end: addDays(everything.coverage.end, -1) };
  io.stdout(
    `Period: ${period.start} to ${period.end}, the days the export covers (pass --period to choose).`,
  );
  return period;
}

async function readHead(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(DETECT_HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return new TextDecoder().decode(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}
