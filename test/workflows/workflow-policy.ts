/**
 * Security policy for GitHub workflow files, checked on their parsed YAML. Each problem has a
 * stable code, the job and step it is in, and what to change.
 */
import { parse } from 'yaml';

export interface WorkflowProblem {
  code: string;
  where: string;
  message: string;
}

type Json = Record<string, unknown>;

const PINNED = /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/;
// Contexts a pull request's author controls, or that carry them, which must reach `run:` only
// through `env:` (a shell variable is data; an expression is pasted into the script).
const UNTRUSTED_IN_RUN =
  /\$\{\{[^}]*\b(github\.event\.|github\.head_ref|inputs\.|steps\.[\w-]+\.outputs)/;
// Checkout refs that mean the pull request's own code.
const PR_REF = /head|merge|refs\/pull|github\.event\.pull_request\.(?!base\.)/;
// Fetching the pull request's commits reads them as git objects, which is allowed; putting
// them in the work tree (where a later install or build would run them) is not.
const PR_CODE_IN_RUN =
  /gh pr checkout|git (checkout|switch|worktree add|merge|pull|reset)[^\n]*(pull\/|head_ref|head\.sha|FETCH_HEAD)/;
const UNTRUSTED_TRIGGERS = ['pull_request_target', 'workflow_run'];

/** Every problem in one workflow file's text. */
export function checkWorkflow(source: string): WorkflowProblem[] {
  const workflow = (parse(source) ?? {}) as Json;
  const problems: WorkflowProblem[] = [];
  const add = (code: string, where: string, message: string) =>
    problems.push({ code, where, message });

  checkTopPermissions(workflow.permissions, add);
  const untrusted = triggers(workflow.on).some((t) => UNTRUSTED_TRIGGERS.includes(t));

  for (const [jobName, jobValue] of Object.entries((workflow.jobs ?? {}) as Json)) {
    const job = jobValue as Json;
    if (job.permissions === 'write-all') {
      add('JOB_WRITE_ALL', jobName, 'Grant the job only the scopes it uses, not write-all.');
    }
    if (typeof job.uses === 'string' && !isPinned(job.uses)) {
      add('UNPINNED_USES', jobName, `Pin ${job.uses} to a full 40-hex commit SHA.`);
    }

    const steps = (job.steps ?? []) as Json[];
    steps.forEach((step, index) => {
      const where = `${jobName}.steps[${index}]`;
      const uses = typeof step.uses === 'string' ? step.uses : undefined;
      const run = typeof step.run === 'string' ? step.run : undefined;
      const later = steps.slice(index + 1).map((s) => text(s.run));

      if (uses !== undefined && !isPinned(uses)) {
        add('UNPINNED_USES', where, `Pin ${uses} to a full 40-hex commit SHA.`);
      }
      if (run !== undefined && UNTRUSTED_IN_RUN.test(run)) {
        add('EXPRESSION_IN_RUN', where, 'Pass event text to run: through env:, not ${{ }}.');
      }
      if (uses?.startsWith('actions/checkout@')) {
        const withs = (step.with ?? {}) as Json;
        // A job that may write contents is one that pushes (a script may do the push).
        const pushesLater = later.some((r) => /git push/.test(r)) || writesContents(job);
        if (withs['persist-credentials'] !== false && !pushesLater) {
          add('CHECKOUT_KEEPS_CREDENTIALS', where, 'Set persist-credentials: false.');
        }
        if (untrusted && (PR_REF.test(text(withs.ref)) || withs.repository !== undefined)) {
          add('UNTRUSTED_CHECKOUT', where, 'Check out only the base under pull_request_target.');
        }
      }
      if (untrusted && run !== undefined && PR_CODE_IN_RUN.test(run)) {
        add('UNTRUSTED_CHECKOUT', where, 'Do not fetch or run the pull request’s commits here.');
      }
    });
  }
  return problems;
}

function checkTopPermissions(
  permissions: unknown,
  add: (code: string, where: string, message: string) => void,
): void {
  if (permissions === undefined || permissions === null) {
    add('TOP_PERMISSIONS_MISSING', 'permissions', 'Set top-level permissions: {} (or read).');
    return;
  }
  const grantsWrite =
    permissions === 'write-all' ||
    (typeof permissions === 'object' && Object.values(permissions).includes('write'));
  if (grantsWrite) {
    add('TOP_PERMISSIONS_WRITE', 'permissions', 'Grant write scopes per job, not at the top.');
  }
}

function triggers(on: unknown): string[] {
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.map(String);
  return Object.keys(on ?? {});
}

function writesContents(job: Json): boolean {
  const permissions = job.permissions;
  if (permissions === 'write-all') return true;
  return typeof permissions === 'object' && permissions !== null
    ? (permissions as Json).contents === 'write'
    : false;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function isPinned(uses: string): boolean {
  if (uses.startsWith('./')) return true;
  if (uses.startsWith('docker://')) return /@sha256:[0-9a-f]{64}$/.test(uses);
  return PINNED.test(uses);
}
