/**
 * Puts the outcomes of single files together into the run's report: the checks that need every
 * file at once (unique ids), sorting and counts. Kept apart from the checks themselves so a run
 * whose files all come from the cache never loads the parser, the schema or the rules.
 */
import { positionIn } from '../sorted-text.js';
import { compareFindings, type Finding } from './finding.js';
import type { Position } from './parse.js';

/** What one file left after its own checks: plain data, cheap to cache or send between threads. */
export interface FileOutcome {
  path: string;
  findings: Finding[];
  /** The packet id and where it is written, when the file got as far as the schema. */
  id?: { value: string; position: Position };
  /**
   * The cost the packet claims, `owner|start..end|sha256` per export it cites: two packets
   * claiming the same export for the same owner and period file the same overage twice.
   */
  claims?: string[];
}

export interface ValidationReport {
  /** Every file checked, in path order, with all its findings. */
  readonly files: { path: string; findings: Finding[] }[];
  findings: Finding[];
  errors: number;
  warnings: number;
  /** How many files were checked, and how many of them have an error. */
  packets: number;
  invalid: number;
  /** Errors about no checked file (the configuration: CODEOWNERS, the policy). */
  configErrors: number;
}

/**
 * Puts per-file outcomes together: adds cross-file findings, sorts, counts. `extra` holds
 * findings about the repository's configuration (allocation, CODEOWNERS) rather than a packet.
 */
export function buildReport(
  outcomes: readonly FileOutcome[],
  extra: readonly Finding[] = [],
): ValidationReport {
  return assembleReport(outcomes, extra, crossFileFindings(outcomes));
}

/** Shared by every file without findings; frozen, so a stray push fails loudly. */
export const NONE = Object.freeze([]) as unknown as Finding[];

/**
 * The report from each file's own outcome and the findings shared between files, worked out
 * already (over every file, or from an index of an earlier run).
 */
export function assembleReport(
  outcomes: readonly FileOutcome[],
  extra: readonly Finding[],
  cross: ReadonlyMap<string, Finding[]>,
): ValidationReport {
  const files = outcomes.map((outcome) => {
    const shared = cross.size > 0 ? cross.get(outcome.path) : undefined;
    // Most files have no findings: they need no list of their own (nothing adds to one later).
    if (!shared && outcome.findings.length === 0) return { path: outcome.path, findings: NONE };
    const own = shared ? [...outcome.findings, ...shared] : [...outcome.findings];
    return { path: outcome.path, findings: own.length > 1 ? own.sort(compareFindings) : own };
  });
  // Outcomes mostly come in path order already; sorting is then only a check.
  const sorted = isSortedByPath(files) ? files : [...files].sort(byPath);
  const findings = [...extra].sort(compareFindings);
  const withFindings = sorted.filter((file) => file.findings.length > 0);
  for (const file of withFindings) findings.push(...file.findings);
  const listed = (file: string) => positionIn(paths, file) >= 0;
  const paths = sorted.map((file) => file.path);
  return {
    files: sorted,
    findings,
    ...countFindings(
      findings,
      withFindings.map((file) => file.findings),
      listed,
    ),
    packets: sorted.length,
  };
}

/**
 * The counts of a report: errors and warnings, the files (of those with findings) that have an
 * error, and the errors about no listed file.
 */
export function countFindings(
  findings: readonly Finding[],
  byFile: Iterable<readonly Finding[]>,
  listed: (file: string) => boolean,
): Pick<ValidationReport, 'errors' | 'warnings' | 'invalid' | 'configErrors'> {
  let errors = 0;
  let configErrors = 0;
  for (const finding of findings) {
    if (finding.severity !== 'error') continue;
    errors += 1;
    if (!listed(finding.file)) configErrors += 1;
  }
  let invalid = 0;
  for (const own of byFile) if (own.some((finding) => finding.severity === 'error')) invalid += 1;
  return { errors, warnings: findings.length - errors, invalid, configErrors };
}

/** Ids used by more than one file, reported in each of them at the id's line. */
export function crossFileFindings(outcomes: readonly FileOutcome[]): Map<string, Finding[]> {
  const byId = new Map<string, FileOutcome[]>();
  for (const outcome of outcomes) {
    if (!outcome.id) continue;
    const sharing = byId.get(outcome.id.value);
    if (sharing) sharing.push(outcome);
    else byId.set(outcome.id.value, [outcome]);
  }

  const findings = new Map<string, Finding[]>();
  const add = (file: string, finding: Finding) =>
    findings.set(file, [...(findings.get(file) ?? []), finding]);
  for (const [id, sharing] of byId) {
    if (sharing.length < 2) continue;
    for (const outcome of sharing) {
      const others = sharing.filter((other) => other !== outcome).map((other) => other.path);
      const finding = {
        code: 'ID_DUPLICATE',
        field: '/exception_packet_id',
        message: `the id ${id} is also used by ${others.sort().join(', ')}; give each packet its own id`,
      };
      add(outcome.path, at(finding, outcome.path, outcome.id!.position));
    }
  }

  for (const [claim, sharing] of claimsShared(outcomes)) {
    const [owner, period] = claim.split('|');
    for (const outcome of sharing) {
      const others = sharing.filter((other) => other !== outcome).map((other) => other.path);
      const finding = {
        code: 'COST_FILED_TWICE',
        field: '/evidence',
        message: `claims the same export for ${owner} and ${period} as ${others.sort().join(', ')}, so the overage would be approved twice; keep one packet (amend it instead of filing another)`,
      };
      add(outcome.path, at(finding, outcome.path, outcome.id?.position ?? { line: 1, column: 1 }));
    }
  }
  return findings;
}

/** Claims made by more than one file, each with the files that make it. */
function claimsShared(outcomes: readonly FileOutcome[]): Map<string, FileOutcome[]> {
  const byClaim = new Map<string, FileOutcome[]>();
  for (const outcome of outcomes) {
    for (const claim of new Set(outcome.claims ?? [])) {
      const making = byClaim.get(claim);
      if (making) making.push(outcome);
      else byClaim.set(claim, [outcome]);
    }
  }
  const shared = new Map<string, FileOutcome[]>();
  // One finding per pair of files, however many exports they share.
  const reported = new Set<string>();
  for (const [claim, making] of byClaim) {
    if (making.length < 2) continue;
    const key = making
      .map((outcome) => outcome.path)
      .sort()
      .join('\0');
    if (reported.has(key)) continue;
    reported.add(key);
    shared.set(claim, making);
  }
  return shared;
}

function at(
  finding: { code: string; field: string; message: string },
  file: string,
  position: Position,
): Finding {
  return {
    code: finding.code,
    severity: 'error',
    file,
    line: position.line,
    column: position.column,
    field: finding.field,
    message: finding.message,
  };
}

function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

function isSortedByPath(files: readonly { path: string }[]): boolean {
  for (let i = 1; i < files.length; i++) if (byPath(files[i - 1]!, files[i]!) > 0) return false;
  return true;
}
