/**
 * The whole cycle as `npm run demo` shows it, each step checked: a packet filed from an export,
 * the gate on every event (nobody, finance, the owner team, a change that voids both, both
 * again), the merge, the recorder, and the audit and ledger from a fresh clone.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { auditFreshClone } from './audit.js';
import { createDemoRepository } from './demo-repository.js';
import { expectContract, expectGate, expectThat, type GateExpectation } from './expect-step.js';
import { correctBudget, filePacket } from './file-packet.js';
import { runGate, type GateEvent } from './gate.js';
import { mergePull, openPull, pushChange, submitReview, type DemoPull } from './pull-request.js';
import { runRecorder } from './record.js';
import { CORRECTED_BUDGET, OWNER, PEOPLE, PULL, WHEN } from './scenario.js';

/** Where the demo reports: one short line per step, and the gate's table under a gate step. */
export interface CycleReport {
  step(line: string): void;
  table(text: string): void;
}

/** Runs the approval cycle; resolves with the temp folder, throws `DemoFailure` on a misstep. */
export async function runApprovalCycle(codeRoot: string, report: CycleReport): Promise<string> {
  const repo = createDemoRepository(codeRoot);
  report.step(`repository: ${repo.root} (origin.git with the template on main, work/ clone)`);

  const filed = await filePacket(codeRoot, repo);
  expectThat(filed.draft.code === 0, `packet new failed:\n${filed.draft.stderr}`);
  expectThat(filed.validation.code === 0, `packet validate failed:\n${filed.validation.stdout}`);
  report.step(`packet new: ${filed.packetPath}, human fields filled, packet validate clean`);

  const pull = await openPull(repo, filed.branch);
  try {
    report.step(`PR #${PULL} opened by ${PEOPLE.submitter} from ${filed.branch}`);
    await approvalSteps(codeRoot, pull, filed.packetPath, report);
    expectContract(pull);

    const merge = mergePull(pull);
    report.step(`merged: merge commit ${merge.slice(0, 7)} on origin's main`);
    await recordAndAudit(codeRoot, pull, filed.packetPath, report);
  } finally {
    await pull.api.close();
  }
  return repo.root;
}

async function approvalSteps(
  codeRoot: string,
  pull: DemoPull,
  packetPath: string,
  report: CycleReport,
): Promise<void> {
  const gate = async (line: string, event: GateEvent, expected: GateExpectation) => {
    const outcome = await runGate(codeRoot, pull, event);
    expectGate(line, outcome, expected);
    const waiting = expected.waiting.length ? `, waiting for ${expected.waiting.join(', ')}` : '';
    report.step(`${line}: gate ${expected.passed ? 'passes' : 'fails'}${waiting}`);
    report.table(outcome.table);
  };
  const approve = (login: string): GateEvent => ({ review: submitReview(pull, login) });

  await gate('gate on opened', { action: 'opened' }, { passed: false, waiting: both });
  await gate(`${PEOPLE.finance} (finance) approves`, approve(PEOPLE.finance), {
    passed: false,
    waiting: [OWNER],
  });
  await gate(`${PEOPLE.owner} (${OWNER}) approves`, approve(PEOPLE.owner), {
    passed: true,
    waiting: [],
  });

  const file = path.join(pull.repo.work.dir, packetPath);
  const edit = () =>
    writeFileSync(file, correctBudget(readFileSync(file, 'utf8'), CORRECTED_BUDGET));
  pushChange(pull, `Correct the budget to ${CORRECTED_BUDGET}`, edit, WHEN.corrected);
  await gate(
    `${PEOPLE.submitter} pushes budget ${CORRECTED_BUDGET}, approvals void`,
    { action: 'synchronize' },
    { passed: false, waiting: both },
  );

  submitReview(pull, PEOPLE.finance);
  await gate('both approve again', approve(PEOPLE.owner), { passed: true, waiting: [] });
}

const both = [OWNER, 'finance'];

async function recordAndAudit(
  codeRoot: string,
  pull: DemoPull,
  packetPath: string,
  report: CycleReport,
): Promise<void> {
  const recorded = await runRecorder(codeRoot, pull);
  expectThat(recorded.exitCode === 0, `the recorder failed:\n${recorded.stdout}`);
  const approvedBy = recorded.trailers['Approved-by'] ?? [];
  expectThat(
    recorded.after !== recorded.before && approvedBy.length === 2,
    `the recorder wrote no approval on main:\n${recorded.stdout}`,
  );
  report.step(`recorder: "${recorded.subject}", Approved-by: ${approvedBy.join('; ')}`);

  const audited = await auditFreshClone(pull.repo, packetPath);
  expectThat(audited.audit.code === 0 && audited.report?.clean === true, audited.audit.stdout);
  expectThat(audited.ledgerCheck.code === 0, audited.ledgerCheck.stdout);
  expectThat(audited.packet?.packet_status === 'approved', 'the packet on main is not approved');
  const n = audited.report.packets.length;
  report.step(
    `packet audit in a fresh clone: ${n} packet, clean; packet ledger --check: up to date`,
  );
  report.step(`ledger: ${audited.ledgerRow ?? ''}`);
}
