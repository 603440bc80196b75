/**
 * The data the sign-off evaluation takes and returns. The shell gathers all of it (from the
 * event, the REST API and the base commit); `evaluateSignoff` is a pure function of it.
 */
import type { Finding } from '../packet/finding.js';

export interface ReviewInput {
  id: number;
  login: string;
  /** Account type from the API's `user.type` (`User`, `Bot`...): only `User` reviews count. */
  accountType: string;
  /** `APPROVED`, `CHANGES_REQUESTED`, `COMMENTED`, `DISMISSED` or `PENDING`, as the API says. */
  state: string;
  /** The commit the review was made on (`commit_id`). */
  commitId: string;
  /** ISO-8601 timestamp (`submitted_at`). */
  submittedAt: string;
  body: string;
}

export interface ChangedFile {
  path: string;
  status: 'added' | 'modified' | 'removed' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  previousPath?: string;
}

/** A packet as it stands at the PR head, read as data (never executed). */
export interface PacketAtHead {
  path: string;
  /** Parsed packet data, or undefined when it did not parse. */
  data: unknown;
  /** Validation findings for this file (schema and rules), shown in the report. */
  findings: Finding[];
}

export interface SignoffInput {
  pr: {
    number: number;
    author: string;
    headSha: string;
    baseSha: string;
  };
  changedFiles: ChangedFile[];
  packets: PacketAtHead[];
  reviews: ReviewInput[];
  /**
   * Git blob id of each path the approvals depend on (packets and their evidence), at each
   * commit a review was made on and at the head: `blobs[commit][path]`; a missing path is absent.
   */
  blobs: Record<string, Record<string, string | undefined>>;
  /** CODEOWNERS text from the base commit, and where it was found. */
  codeowners: { path: string; text: string } | undefined;
  /** Policy text (YAML) from the base commit, parsed and validated by the core. */
  policyText: string | undefined;
  /** Members of each team slug the token could read; a team absent here was not readable. */
  teamMembers: Record<string, string[]>;
}

export interface GroupVerdict {
  /** Group name as the policy or CODEOWNERS names it (e.g. `@org/finance`, `finance`). */
  group: string;
  /** Why this group is required (owner of the path, finance, a tier, admins, a segment). */
  reason: string;
  satisfied: boolean;
  /** The approval that satisfies the group, when there is one. */
  approvedBy?: { login: string; commitId: string; submittedAt: string };
  /** Why not satisfied: nobody approved, approval voided by a later change, changes requested. */
  missing?: string;
  /** True when the group's members cannot be known (it fails closed); `missing` says why. */
  unresolved?: boolean;
  /**
   * Lower-cased logins of the group as the evaluation resolved it; absent when unresolved. The
   * recorder reads it to tell whether a change request came from a required group.
   */
  members?: string[];
}

export interface PacketVerdict {
  path: string;
  packetId?: string;
  overage?: string;
  currency?: string;
  period?: string;
  groups: GroupVerdict[];
  findings: Finding[];
  satisfied: boolean;
}

/** The sign-off a change to the gate files needs (CODEOWNERS, policy, schemas/, scripts/...). */
export interface GateVerdict {
  files: string[];
  groups: GroupVerdict[];
  satisfied: boolean;
}

export interface Verdict {
  /** True only when every packet and every required group is satisfied and nothing blocks. */
  passed: boolean;
  /** The head commit the verdict was computed for. */
  headSha: string;
  packets: PacketVerdict[];
  /** Present when the PR changes gate files; they need the admins' group. */
  gate?: GateVerdict;
  /** Problems with the PR as a whole (mixed gate and packet changes, unreadable team...). */
  problems: { code: string; message: string }[];
  /** Worth knowing but not blocking (e.g. CODEOWNERS lines GitHub skips). */
  warnings: { code: string; message: string }[];
  /** One-line summary for the check's title. */
  summary: string;
}
