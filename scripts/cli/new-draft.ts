/**
 * A draft packet's text from an export, computed exactly as `packet new` computes it, without
 * writing anything: `packet new` places the files in the working tree, the alert workflow
 * commits them to a branch through the API. Both go through this one function.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../core/errors.js';
import type { AllocationConfig } from '../core/evidence/allocation.js';
import type { BudgetAlert } from '../core/evidence/budget-alert.js';
import type { SummaryRequest } from '../core/evidence/facts.js';
import type { ExportSummary } from '../core/evidence/summarize.js';
import { buildDraft, draftId } from '../core/packet/draft.js';
import { renderFindingsText } from '../core/render/findings-text.js';
import { loadAllocation, sha256File, summarizeFile } from '../io/evidence.js';
import { pathExists } from '../io/place-file.js';
import { EXIT, useColour, type CommandIo } from './io.js';
import { chooseFormat, choosePeriod, type Period } from './new-inputs.js';
import type { NewOptions } from './new-options.js';
import { packetClaiming } from './new-filed.js';
import { exportProblems } from './new-report.js';

export interface DraftRequest {
  options: NewOptions;
  /** Repository root: where the allocation config is read and the packet must not exist. */
  root: string;
  /** Filing date, YYYY-MM-DD: the date in the packet id. */
  today: string;
  /** The alert the budget and period come from; null when it was unusable (already said). */
  readAlert: () => Promise<BudgetAlert | null> | undefined;
}

/** The draft and where its files go, repository-relative. */
export interface PreparedDraft {
  packetPath: string;
  evidencePath: string;
  /** The export as given, an absolute path. */
  exportFile: string;
  sha256: string;
  text: string;
  summary: ExportSummary;
}

/** Computes the draft, or prints why there is none and returns the exit code. */
export async function prepareDraft(
  request: DraftRequest,
  io: CommandIo,
): Promise<PreparedDraft | number> {
  const { options, root, today } = request;
  const exportFile = path.resolve(io.cwd, options.exportFile);
  const packetPath = `packets/${options.owner}/${draftId(today, options.owner)}.yaml`;

  // Step 1: refuse before reading anything when the packet is already there.
  if (await pathExists(path.join(root, packetPath))) {
    throw new UsageError(
      `${packetPath} already exists; packet new never replaces a packet`,
      'Edit that packet instead: its id is the owner and the filing date, so one owner files one packet a day.',
    );
  }
  if (
    !(await stat(exportFile).then(
      (s) => s.isFile(),
      () => false,
    ))
  ) {
    throw new UsageError(
      `--export ${options.exportFile} is not a file (looked at ${exportFile})`,
      'Pass the export file; `npm run packet` runs from the repository top, so give a path from there or a full one.',
    );
  }

  // Step 2: the repository's allocation config and the alert, if any.
  const allocation = await loadAllocation(root);
  if (allocation.findings.some((finding) => finding.severity === 'error')) {
    for (const line of renderFindingsText(allocation.findings, useColour(io))) io.stderr(line);
    io.stderr('Fix the allocation config, then run `packet new` again.');
    return EXIT.findings;
  }
  const alert = await request.readAlert();
  if (alert === null) return EXIT.findings;

  // Step 3: the reader, the period and the cost column.
  const chosen = await chooseFormat(options, exportFile, allocation.config, io);
  if (chosen === undefined) return EXIT.findings;
  if (chosen.format !== 'focus' && options.costColumn !== 'BilledCost') {
    throw new UsageError(
      `${chosen.format} exports carry only the billed cost`,
      'Drop --cost-column.',
    );
  }
  const summaryRequest = { ...chosen, costColumn: options.costColumn };
  const period = await choosePeriod(
    options,
    alert,
    (p) => read(exportFile, summaryRequest, p, allocation.config),
    io,
  );
  if (period === undefined) return EXIT.findings;

  // Step 4: the export itself, read exactly as validation will read the copy, unless a packet
  // already files it for this owner and period.
  const sha256 = await sha256File(exportFile);
  const claim = `${options.owner}|${period.start}..${period.end}|${sha256}`;
  const filed = await packetClaiming(root, options.owner, claim);
  if (filed !== undefined) {
    throw new UsageError(
      `${filed} already files this export for ${options.owner} and ${period.start}..${period.end}`,
      'Amend that packet instead of filing another: validation rejects the same cost filed twice.',
    );
  }
  const summary = await read(exportFile, summaryRequest, period, allocation.config);
  const problems = exportProblems(summary, period, alert);
  if (problems.length > 0) {
    for (const p of problems) io.stderr(`${options.exportFile} ${p.where}: ${p.code} ${p.message}`);
    io.stderr('Nothing was written. Fix or re-export the file, then run `packet new` again.');
    return EXIT.findings;
  }
  const provider = options.provider ?? onlyProvider(summary);

  // Step 5: the draft.
  const evidencePath = `packets/${options.owner}/evidence/${evidenceName(exportFile)}`;
  const draft = buildDraft({
    today,
    owner: options.owner,
    budget: options.budget ?? alert!.budget,
    periodStart: period.start,
    periodEnd: period.end,
    provider,
    costColumn: options.costColumn,
    evidence: { path: evidencePath, sha256, ...chosen },
    summary,
  });
  if ('problems' in draft) {
    for (const p of draft.problems) io.stderr(`packet: ${p.code} ${p.message}`);
    io.stderr('Nothing was written: there is no exception to file.');
    return EXIT.findings;
  }
  return { packetPath, evidencePath, exportFile, sha256, text: draft.text, summary };
}

function read(
  file: string,
  request: Omit<SummaryRequest, 'periodStart' | 'periodEnd'>,
  period: Period,
  allocation: AllocationConfig,
): Promise<ExportSummary> {
  return summarizeFile(
    file,
    { ...request, periodStart: period.start, periodEnd: period.end },
    allocation,
  );
}

function onlyProvider(summary: ExportSummary): string {
  if (summary.providers.length === 1) return summary.providers[0]!;
  const named = summary.providers.length === 0 ? 'no provider' : summary.providers.join(', ');
  throw new UsageError(
    `the export names ${named}, so api_provider cannot be told from it`,
    'Pass --provider NAME.',
  );
}

/** The export's file name, kept to characters that are safe in every tool's path. */
function evidenceName(file: string): string {
  const name = path
    .basename(file)
    .replace(/[^A-Za-z0-9._-]/g, '-')
    .replace(/^\.+/, '');
  return name === '' ? 'export' : name;
}
