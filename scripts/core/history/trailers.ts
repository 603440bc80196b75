/**
 * Git trailers on recording commits: written by the recorder, read back by the audit, so that
 * `git log` alone tells who approved what.
 */

/** One approval as a trailer carries it. */
export interface TrailerApproval {
  name: string;
  login: string;
  group: string;
  reviewedCommit: string;
}

/** Everything a recording commit states about one decision. */
export interface RecordTrailers {
  decision: 'approved' | 'denied';
  packetId: string;
  pullRequest: number;
  /** The merge commit (approval) or the PR head (denial). */
  decidedCommit: string;
  version: number;
  approvals: TrailerApproval[];
}

const APPROVER = /^(.*) <([A-Za-z0-9-]{1,39})> \((.+)\)$/;

/** Builds the recording commit's message: a subject line, a blank line, then trailers. */
export function formatRecordMessage(t: RecordTrailers): string {
  const verb = t.decision === 'approved' ? 'approval' : 'denial';
  const key = t.decision === 'approved' ? 'Approved-by' : 'Denied-by';
  const lines = [`Record ${verb} of ${clean(t.packetId)} from #${t.pullRequest}`, ''];

  for (const a of t.approvals) {
    lines.push(`${key}: ${clean(a.name).replace(/[<>]/g, '')} <${a.login}> (${clean(a.group)})`);
    lines.push(`Reviewed-commit: ${a.reviewedCommit}`);
  }

  lines.push(`Pull-request: #${t.pullRequest}`);
  lines.push(`Packet: ${clean(t.packetId)}`);
  lines.push(`Decided-commit: ${t.decidedCommit}`);
  lines.push(`Packet-version: ${t.version}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Reads the trailers of one commit (`%(trailers:only,unfold)` output). Returns undefined when
 * the commit is not a recording commit.
 */
export function parseRecordTrailers(text: string): RecordTrailers | undefined {
  const approvals: TrailerApproval[] = [];
  const fields = new Map<string, string>();
  let decision: RecordTrailers['decision'] | undefined;

  for (const line of text.split('\n')) {
    const colon = line.indexOf(': ');
    if (colon < 0) continue;
    const key = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 2).trim();

    if (key === 'approved-by' || key === 'denied-by') {
      decision = key === 'approved-by' ? 'approved' : 'denied';
      const m = APPROVER.exec(value);
      if (m) approvals.push({ name: m[1]!, login: m[2]!, group: m[3]!, reviewedCommit: '' });
    } else if (key === 'reviewed-commit') {
      const last = approvals[approvals.length - 1];
      if (last && last.reviewedCommit === '') last.reviewedCommit = value;
    } else if (!fields.has(key)) {
      fields.set(key, value);
    }
  }

  const packetId = fields.get('packet');
  const pr = /^#([1-9][0-9]*)$/.exec(fields.get('pull-request') ?? '');
  if (decision === undefined || packetId === undefined || pr === null) return undefined;
  return {
    decision,
    packetId,
    pullRequest: Number(pr[1]),
    decidedCommit: fields.get('decided-commit') ?? '',
    version: Number(fields.get('packet-version') ?? '0') || 0,
    approvals,
  };
}

/** Keeps untrusted text (profile names, group names) on one trailer line. */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}
