/**
 * Filing the packet as a submitter would: `packet new` drafts it from the shipped export, the
 * submitter fills in what only a person can say, `packet validate` passes, and the packet and
 * its evidence are committed on a branch and pushed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { dec, placesOf, roundedPercent, toFixed } from '../core/money/decimal.js';
import { runCli, type CliRun } from '../dev/run-cli.js';
import type { DemoRepository } from './demo-repository.js';
import { BUDGET, EXPORT, HUMAN_FIELDS, OWNER, PEOPLE, PERIOD, WHEN } from './scenario.js';

export interface FiledPacket {
  /** Repository path of the packet. */
  packetPath: string;
  branch: string;
  head: string;
  /** What `packet new` and `packet validate` answered. */
  draft: CliRun;
  validation: CliRun;
}

/** Drafts, fills, validates, commits and pushes the packet from the submitter's clone. */
export async function filePacket(codeRoot: string, repo: DemoRepository): Promise<FiledPacket> {
  const { work } = repo;

  // 1. The draft, from the export as the provider hands it over.
  const exportFile = path.join(codeRoot, EXPORT);
  const options = ['--owner', OWNER, '--budget', BUDGET, '--period', PERIOD];
  const draft = await runCli(['new', '--export', exportFile, ...options, '--today', WHEN.filed], {
    cwd: work.dir,
    env: {},
  });
  const wrote = /^Wrote (\S+\.yaml)$/m.exec(draft.stdout)?.[1];
  if (draft.code !== 0 || wrote === undefined) {
    return { packetPath: '', branch: '', head: '', draft, validation: draft };
  }
  const packetPath = wrote;

  // 2. What only a person can say, then the same check the pull request will get.
  const file = path.join(work.dir, packetPath);
  writeFileSync(file, setFields(readFileSync(file, 'utf8'), HUMAN_FIELDS));
  const validation = await runCli(['validate'], { cwd: work.dir, env: {} });

  // 3. One commit with the packet and its evidence, on a branch of its own.
  const branch = `file-${path.basename(packetPath, '.yaml').toLowerCase()}`;
  work.git('checkout', '-q', '-b', branch);
  const head = work.commit(
    `File ${path.basename(packetPath, '.yaml')}`,
    {},
    submitter(WHEN.pushed),
  );
  work.git('push', '-q', 'origin', `HEAD:${branch}`);
  return { packetPath, branch, head, draft, validation };
}

/** The budget corrected to `budget`, with the overage and percentage worked out again. */
export function correctBudget(text: string, budget: string): string {
  const doc = parseDocument(text);
  const billed = dec(String(doc.get('billed_total')));
  const amountPlaces = placesOf(String(doc.get('overage_amount')));
  const pctPlaces = placesOf(String(doc.get('overage_pct_above_threshold')));
  const overage = billed.minus(dec(budget));
  return setFields(text, {
    budget_amount: budget,
    overage_amount: toFixed(overage, amountPlaces),
    overage_pct_above_threshold: roundedPercent(overage, dec(budget), pctPlaces),
  });
}

/** Sets top-level fields, keeping the rest of the document (comments, quoting) as it was. */
export function setFields(text: string, fields: Record<string, string>): string {
  const doc = parseDocument(text);
  for (const [key, value] of Object.entries(fields)) doc.set(key, value);
  // No folding: each value stays on its own line, as a person would write it.
  return doc.toString({ lineWidth: 0 });
}

/** Commit options for a commit by the submitter at `date`. */
export function submitter(date: string) {
  return { date, author: PEOPLE.submitter, email: `${PEOPLE.submitter}@example.test` };
}
