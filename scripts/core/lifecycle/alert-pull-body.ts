/**
 * The body of an alert's draft pull request, rendered and read back by this one module. A
 * hidden block at the top keeps what the next alert needs: the packet's path, the blob id of
 * the draft as last written (so a person's edits are never overwritten) and every alert seen.
 * Everything from an alert is escaped before it reaches the markdown.
 */
import { escapeMarkdown, escapeShort } from '../render/escape-markdown.js';
import { dec, isDecimal, parseDecimal, toPlain } from '../money/decimal.js';
import type { AlertFacts } from './alert-payload.js';

/** One alert as the pull request lists it. */
export interface AlertRecord {
  key: string;
  source: AlertFacts['source'];
  budgetName: string;
  budget: string;
  currency: string;
  cost?: string;
  threshold?: string;
}

export interface PullBodyState {
  packetPath: string;
  /** Git blob id of the packet text as the intake last wrote it. */
  draftBlob: string;
  alerts: AlertRecord[];
}

export interface PullBodyInput extends PullBodyState {
  owner: string;
  periodStart: string;
  periodEnd: string;
  exportPath: string;
  evidencePath: string;
  /** Fields still holding a marker, as `segments[1].resolution_plan`. */
  todoFields: string[];
  /** Set when a person edited the packet, so this alert left the files alone. */
  keptEdits?: boolean;
}

const OPEN = '<!-- exception-packets:alert-draft';
const CLOSE = '-->';
const SOURCES: Record<AlertFacts['source'], string> = { gcp: 'GCP', azure: 'Azure', aws: 'AWS' };

/** The record of an alert, for the list in the body. */
export function alertRecord(key: string, alert: AlertFacts): AlertRecord {
  const record: AlertRecord = {
    key,
    source: alert.source,
    budgetName: alert.budgetName,
    budget: alert.budget,
    currency: alert.currency,
  };
  if (alert.cost !== undefined) record.cost = alert.cost;
  if (alert.threshold !== undefined) record.threshold = alert.threshold;
  return record;
}

/** Adds an alert to the list unless its key is there already. */
export function withAlert(alerts: AlertRecord[], record: AlertRecord): AlertRecord[] {
  return alerts.some((a) => a.key === record.key) ? alerts : [...alerts, record];
}

/** Renders the body. */
export function renderPullBody(input: PullBodyInput): string {
  const state = [
    OPEN,
    `packet ${encodeURIComponent(input.packetPath)}`,
    `draft-blob ${input.draftBlob}`,
    ...input.alerts.map((a) => `alert ${encodeURIComponent(JSON.stringify(a))}`),
    CLOSE,
  ];
  const rows = input.alerts.map((a) => {
    const parsed = parseDecimal(a.threshold ?? '');
    const threshold = isDecimal(parsed) ? `${toPlain(parsed.times(dec('100')))} %` : '';
    const cells = [
      SOURCES[a.source],
      escapeShort(a.budgetName, 120),
      escapeMarkdown(`${a.budget} ${a.currency}`),
      escapeMarkdown(a.cost ?? ''),
      threshold,
    ];
    return `| ${cells.join(' | ')} |`;
  });
  const code = (text: string) => `\`${text.replaceAll('`', '')}\``;
  const kept = input.keptEdits
    ? [
        '',
        '> The packet has been edited here, so the latest alert changed neither the packet nor its evidence. Rerun `packet new` locally if the figures must be refreshed.',
      ]
    : [];
  return [
    ...state,
    `Draft cost exception for **${escapeMarkdown(input.owner)}**, review period ${input.periodStart} to ${input.periodEnd}, opened from a budget alert.`,
    '',
    '| cloud | budget | amount | cost in the alert | threshold crossed |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `Every figure in ${code(input.packetPath)} comes from the export ${code(input.exportPath)}, copied to ${code(input.evidencePath)}; the alert only says why the packet was opened.`,
    ...kept,
    '',
    'Before asking for sign-off:',
    `1. Fill in the fields only the owner can answer: ${input.todoFields.map(code).join(', ') || 'none left'}.`,
    `2. Check it: ${code(`npm run validate -- ${input.packetPath}`)}.`,
    '3. Mark the pull request ready for review.',
    '',
  ].join('\n');
}

/** Reads back the hidden state; undefined when the body carries none (a person replaced it). */
export function parsePullBody(body: string | null | undefined): PullBodyState | undefined {
  const text = body ?? '';
  const start = text.indexOf(OPEN);
  const end = text.indexOf(CLOSE, start + OPEN.length);
  if (start < 0 || end < 0) return undefined;

  const state: PullBodyState = { packetPath: '', draftBlob: '', alerts: [] };
  for (const line of text.slice(start + OPEN.length, end).split('\n')) {
    const [word, value = ''] = line.trim().split(' ', 2);
    try {
      if (word === 'packet') state.packetPath = decodeURIComponent(value);
      if (word === 'draft-blob') state.draftBlob = value;
      if (word === 'alert') state.alerts.push(readRecord(decodeURIComponent(value)));
    } catch {
      // A damaged line only loses that line: the next alert writes the block afresh.
    }
  }
  return state.packetPath === '' ? undefined : state;
}

function readRecord(json: string): AlertRecord {
  const value = JSON.parse(json) as Record<string, unknown>;
  const text = (field: string) => (typeof value[field] === 'string' ? value[field] : undefined);
  const source = text('source');
  if (text('key') === undefined || (source !== 'gcp' && source !== 'azure' && source !== 'aws')) {
    throw new Error('not an alert record');
  }
  const record: AlertRecord = {
    key: text('key')!,
    source,
    budgetName: text('budgetName') ?? '',
    budget: text('budget') ?? '',
    currency: text('currency') ?? '',
  };
  if (text('cost') !== undefined) record.cost = text('cost')!;
  if (text('threshold') !== undefined) record.threshold = text('threshold')!;
  return record;
}
