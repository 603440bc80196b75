/**
 * `packet new`: drafts a packet from a billing export. The figures are read through the same
 * reader, allocation and summary as `packet validate`; what only a person can say is left as
 * markers that validation rejects until they are filled in. Nothing is written unless the
 * export reads clean, and nothing already in the repository is ever replaced.
 */
import path from 'node:path';
import { isCalendarDate } from '../core/calendar.js';
import { UsageError } from '../core/errors.js';
import { placeCopy, placeText } from '../io/place-file.js';
import { EXIT, type CommandIo } from './io.js';
import { prepareDraft } from './new-draft.js';
import { readAlertFile } from './new-inputs.js';
import { parseNewOptions } from './new-options.js';
import { nextSteps } from './new-report.js';
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
  --today YYYY-MM-DD    the filing date in the id (default: PACKET_TODAY, else today, UTC)
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
  // PACKET_TODAY fixes the day as it does for `packet validate` and `packet remind`.
  const fixed = io.env.PACKET_TODAY || undefined;
  if (fixed !== undefined && !isCalendarDate(fixed)) {
    throw new UsageError(`PACKET_TODAY must be YYYY-MM-DD, not ${JSON.stringify(fixed)}`);
  }
  const today = options.today ?? fixed ?? new Date().toISOString().slice(0, 10);

  // Steps 1 to 5: everything up to the draft's text, shared with the alert workflow.
  const readAlert = () =>
    options.alertFile === undefined ? undefined : readAlertFile(options, io);
  const draft = await prepareDraft({ options, root, today, readAlert }, io);
  if (typeof draft === 'number') return draft;
  const { packetPath, evidencePath, exportFile, sha256 } = draft;

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
  const summary = draft.summary;
  for (const line of nextSteps({ packetPath, evidencePath, copied, summary, text: draft.text })) {
    io.stdout(line);
  }
  return EXIT.ok;
}
