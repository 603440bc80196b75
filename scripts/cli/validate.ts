/**
 * `packet validate [paths...]`: checks packets against the schema and the finance rules and
 * prints every finding. Exit 0 when nothing is wrong, 1 with findings, 2 for a usage error.
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../core/errors.js';
import {
  buildReport,
  judgeFile,
  prepareFile,
  type PacketFile,
  type ValidationReport,
} from '../core/packet/validate.js';
import { gatherEvidence, loadAllocation } from '../io/evidence.js';
import { renderFindingsText, renderSummary } from '../core/render/findings-text.js';
import { readPacketFiles, resolvePacketArgs } from '../io/files.js';
import { EXIT, useColour, type CommandIo } from './io.js';
import { findRepoRoot } from './repo-root.js';

export const VALIDATE_HELP = `Usage: packet validate [paths...] [--format text|json] [--root DIR]

Checks packets against schemas/packet.schema.json and the finance rules.
With no paths, checks every packet under packets/.

  --format text|json  text (default): one "file:line:col CODE message" line per finding
  --root DIR          repository root (default: nearest folder with packets/ or .git)

Example:
  packet validate packets/ml-platform/EXC-2026-11-03-ML-PLATFORM.yaml`;

export async function runValidate(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      root: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(VALIDATE_HELP);
    return EXIT.ok;
  }
  if (values.format !== 'text' && values.format !== 'json') {
    throw new UsageError(`--format must be text or json, not ${values.format}`);
  }

  const root = values.root ?? findRepoRoot(io.cwd);
  const paths = await resolvePacketArgs(root, io.cwd, positionals);
  const files = await readPacketFiles(root, paths);
  const result = await validateRepositoryFiles(root, files);

  if (values.format === 'json') io.stdout(JSON.stringify(toJson(result), null, 2));
  else printText(result, io);
  return result.errors > 0 ? EXIT.findings : EXIT.ok;
}

/**
 * The whole check for files of one repository: parse and schema, then the evidence the valid
 * packets cite (read from disk), then the rules, then what needs every file at once.
 */
export async function validateRepositoryFiles(root: string, files: readonly PacketFile[]) {
  const prepared = files.map((file) => prepareFile(file));
  const inputs = prepared.flatMap((file) => (file.input ? [file.input] : []));

  const allocation = await loadAllocation(root);
  const evidence = await gatherEvidence(root, inputs, allocation.config);

  const judged = prepared.map((file) => judgeFile(file, { evidence }));
  return buildReport(judged, allocation.findings);
}

function printText(result: ValidationReport, io: CommandIo): void {
  for (const line of renderFindingsText(result.findings, useColour(io))) io.stdout(line);
  io.stdout(renderSummary(summarise(result)));
  if (result.errors > 0) {
    io.stdout('Fix the findings above, then run `npm run validate` again.');
  }
}

function summarise(result: ValidationReport) {
  const valid = result.files.filter((file) => !file.findings.some((f) => f.severity === 'error'));
  return {
    packets: result.files.length,
    valid: valid.length,
    errors: result.errors,
    warnings: result.warnings,
  };
}

function toJson(result: ValidationReport) {
  return {
    summary: summarise(result),
    findings: result.findings,
    files: result.files.map((file) => ({
      path: file.path,
      valid: !file.findings.some((finding) => finding.severity === 'error'),
    })),
  };
}
