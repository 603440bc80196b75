/**
 * What an auditor does afterwards, with nothing but git: a fresh clone of origin, then
 * `packet audit` and `packet ledger --check` in it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { AuditReport } from '../core/history/audit-types.js';
import { LEDGER_PATH } from '../core/history/ledger.js';
import { runCli, type CliRun } from '../dev/run-cli.js';
import { cloneOrigin, type DemoRepository } from './demo-repository.js';
import { WHEN } from './scenario.js';

export interface AuditOutcome {
  /** The fresh clone, kept so the user can look at it. */
  clone: string;
  audit: CliRun;
  report: AuditReport | undefined;
  ledgerCheck: CliRun;
  /** The ledger's row for `packetId`, when there is one. */
  ledgerRow: string | undefined;
  /** The packet file on main, parsed. */
  packet: Record<string, unknown> | undefined;
}

/** Audits origin's main from a fresh clone named `name`. */
export async function auditFreshClone(
  repo: DemoRepository,
  packetPath: string,
  name = 'audit-clone',
): Promise<AuditOutcome> {
  const clone = cloneOrigin(repo, name);
  const io = { cwd: clone.dir, env: {} };
  const audit = await runCli(['audit', '--format', 'json', '--today', WHEN.audited], io);
  const ledgerCheck = await runCli(['ledger', '--check'], io);

  const packetId = path.basename(packetPath, '.yaml');
  const ledger = readOr(path.join(clone.dir, LEDGER_PATH));
  const packetText = readOr(path.join(clone.dir, packetPath));
  return {
    clone: clone.dir,
    audit,
    report: jsonOr(audit.stdout),
    ledgerCheck,
    ledgerRow: ledger?.split('\n').find((line) => line.includes(packetId)),
    packet: packetText === undefined ? undefined : (parse(packetText) as Record<string, unknown>),
  };
}

function readOr(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function jsonOr(text: string): AuditReport | undefined {
  try {
    return JSON.parse(text) as AuditReport;
  } catch {
    return undefined;
  }
}
