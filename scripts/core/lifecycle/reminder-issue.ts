/**
 * What to do with the one reminder issue, given the open issue found (if any) and today's
 * body: open it when something is due, edit it when the list changed, close it when nothing
 * is due. A pure decision, so the REST calls stay a few lines.
 */
export type IssueStep =
  | { kind: 'create'; body: string }
  | { kind: 'update'; number: number; body: string }
  | { kind: 'close'; number: number; body: string }
  | { kind: 'unchanged'; number: number }
  | { kind: 'none' };

export interface OpenIssue {
  number: number;
  body: string;
}

/** Decides the step; `due` is the number of items in today's reminder. */
export function decideIssueStep(open: OpenIssue | undefined, due: number, body: string): IssueStep {
  if (due === 0) return open ? { kind: 'close', number: open.number, body } : { kind: 'none' };
  if (!open) return { kind: 'create', body };
  if (open.body === body) return { kind: 'unchanged', number: open.number };
  return { kind: 'update', number: open.number, body };
}
