/**
 * `packet new`: drafts a packet from a billing export. The figures are read through the same
 * reader, allocation and summary as `packet validate`; what only a person can say is left as
 * markers that validation rejects until they are filled in. Nothing is written unless the
 * export reads clean, and nothing already in the repository is ever replaced.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../core/errors.js';
import type { AllocationConfig } from '../core/evidence/allocation.js';
import type { SummaryRequest } from '../core/evidence/facts.js';
import type { ExportSummary } from '../core/evidence/summarize.js';
import { buildDraft, draftId } from '../core/packet/draft.js';
import { renderFindingsText } from '../core/render/findings-text.js';
import { loadAllocation, sha256File, summarizeFile } from '../io/evidence.js';
import { placeCopy, placeText, pathExists } from '../io/place-file.js';
import { EXIT, useColour, type CommandIo } from './io.js';
import { chooseFormat, choosePeriod, readAlertFile, type Period } from './new-inputs.js';
import { parseNewOptions } from './new-options.js';
import { exportProblems, nextSteps } from './new-report.js';
import { findRepoRoot } from './repo-root.js';

export const NEW_HELP = `Usage: packet new --export FILE --owner ID --budget AMOUNT [options]

Drafts packets/<owner>/EXC-<today>-<OWNER>.yaml from a billing export and copies the export
to packets/<owner>/evidence/. Every figure comes from the export; the fields only a person can
fill in are left as [TODO: ...] and [YYYY-MM-DD] markers that \`packet validate\` rejects.

  --export FILE         the billing export (FOCUS or Azure EA CSV, OpenAI JSON or CSV,
                        Anthropic JSON, a mapped CSV)
  --owner ID            the allocation owner: the folder under packets/
  --budget AMOUNT       the budget that was exceeded, plain digits (1800.00)
  --period YYYY-MM      the review period, a calendar month
  --from D --to D       or the first and last day of the review period (YYYY-MM-DD)
                        (default: the days the export covers)
  --format NAME         focus, azure-ea, openai, openai-csv, anthropic or csv
                        (default: told from the file)
  --mapping NAME        for csv: the column mapping in .github/packet-allocation.yml
  --cost-column NAME    BilledCost (default) or EffectiveCost (FOCUS only)
  --provider NAME       api_provider (default: the one provider the export names)
  --alert FILE          a GCP budget alert (Pub/Sub JSON) to take the budget and period from;
                        --budget and --period win when given too
  --today YYYY-MM-DD    the filing date in the id (default: today, UTC)
  --root DIR            repository root (default: nearest folder with packets/ or .git)

Example:
  packet new --export ~/Downloads/focus-2026-10.csv --owner ml-platform --budget 1800.00 \\
    --period 2026-10`;

/** Runs `packet new` and returns the exit code. */
export async function runNew(argv: string[], io: CommandIo): Promise<number> {
  const options = parseNewOptions(argv);
  if (options.help) {
    io.stdout(NEW_HELP);
    return EXIT.ok;
  }
  const root = path.resolve(io.cwd, options.root ?? findRepoRoot(io.cwd));
  const exportFile = path.resolve(io.cwd, options.exportFile);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const packetPath = `packets/${options.owner}/${draftId(today, options.owner)}.yaml`;

  // Step 1: refuse before reading anything when the packet is already there.
  if (await pathExists(path.join(root, packetPath))) {
    throw new UsageError(
      `${packetPath} already exists; packet new never replaces a packet`,
      'Edit that packet instead, or pass --today for a packet filed on another day.',
    );
  }
  if (
    !(await stat(exportFile).then(
      (s) => s.isFile(),
      () => false,
    ))
  ) {
    throw new UsageError(`--export ${options.exportFile} is not a file`, 'Pass the export file.');
  }

  // Step 2: the repository's allocation config and the alert, if any.
  const allocation = await loadAllocation(root);
  if (allocation.findings.some((finding) => finding.severity === 'error')) {
    for (const line of renderFindingsText(allocation.findings, useColour(io))) io.stderr(line);
    io.stderr('Fix the allocation config, then run `packet new` again.');
    return EXIT.findings;
  }
  const alert = options.alertFile === undefined ? undefined : await readAlertFile(options, io);
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
  const request = { ...chosen, costColumn: options.costColumn };
  const period = await choosePeriod(
    options,
    alert,
    (p) => read(exportFile, request, p, allocation.config),
    io,
  );
  if (period === undefined) return EXIT.findings;

  // Step 4: the export itself, read exactly as validation will read the copy.
  const sha256 = await sha256File(exportFile);
  const summary = await read(exportFile, request, period, allocation.config);
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

  // Step 6: the evidence first, then the packet that cites it.
  const copied = await placeCopy(exportFile, path.join(root, evidencePath), sha256);
  if (copied === 'exists' || copied === 'changed') {
    throw new UsageError(
      copied === 'exists'
        ? `${evidencePath} already exists with other bytes; packet new never replaces evidence`
        : `${options.exportFile} changed while it was being copied`,
      copied === 'exists'
        ? 'Rename the export file (its name becomes the evidence name), then run packet new again.'
        : 'Wait until the export is complete, then run packet new again.',
    );
  }
  const written = await placeText(path.join(root, packetPath), draft.text);
  if (written !== 'written') {
    throw new UsageError(
      `${packetPath} appeared while the draft was written; it was left as is`,
      'Check that file, then run packet new again with another --today if needed.',
    );
  }
  for (const line of nextSteps({ packetPath, evidencePath, copied, summary, text: draft.text })) {
    io.stdout(line);
  }
  return EXIT.ok;
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
