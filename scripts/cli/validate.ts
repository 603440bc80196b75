/**
 * `packet validate [paths...]`: checks packets against the schema and the finance rules and
 * prints every finding. Exit 0 when nothing is wrong, 1 with findings, 2 for a usage error.
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../core/errors.js';
import type { ValidationReport } from '../core/packet/validate.js';
import { cacheFile } from '../io/result-cache.js';
import { renderFindingsText, renderSummary } from '../core/render/findings-text.js';
import { resolvePacketArgs } from '../io/files.js';
import { EXIT, useColour, type CommandIo } from './io.js';
import { findRepoRoot } from './repo-root.js';
import { runValidation } from './validate-engine.js';

/** Repository configuration that changes validation results (and so the cache). */
const CONFIG_FILES = [
  '.github/packet-allocation.yml',
  '.github/packet-policy.yml',
  '.github/CODEOWNERS',
  'CODEOWNERS',
  'docs/CODEOWNERS',
];

export const VALIDATE_HELP = `Usage: packet validate [paths...] [--format text|json] [--root DIR]

Checks packets against schemas/packet.schema.json and the finance rules.
With no paths, checks every packet under packets/.

  --format text|json  text (default): one "file:line:col CODE message" line per finding
  --root DIR          repository root (default: nearest folder with packets/ or .git)
  --no-cache          check every file afresh instead of reusing results of unchanged files
  --skip-exports      do not read the exports (no hash or total checks); for quick local runs
  --workers N         worker threads to use at most (default: one per core)

Example:
  packet validate packets/ml-platform/EXC-2026-12-02-ML-PLATFORM.yaml`;

export async function runValidate(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      root: { type: 'string' },
      'no-cache': { type: 'boolean' },
      'skip-exports': { type: 'boolean' },
      workers: { type: 'string' },
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
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 1)) {
    throw new UsageError(`--workers must be a whole number of 1 or more, not ${values.workers}`);
  }
  const useCache = !values['no-cache'] && io.env.PACKET_NO_CACHE === undefined;
  const { report: result } = await runValidation({
    root,
    paths,
    cacheFile: useCache ? cacheFile(root, io.env) : undefined,
    workers,
    configFiles: CONFIG_FILES,
    skipExports: values['skip-exports'] === true,
  });

  if (values.format === 'json') io.stdout(JSON.stringify(toJson(result), null, 2));
  else printText(result, io);
  return result.errors > 0 ? EXIT.findings : EXIT.ok;
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
