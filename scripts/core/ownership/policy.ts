/**
 * The sign-off policy: which groups exist, who is in them, which are always required, and the
 * approval tiers. Read from YAML text (1.2 core schema), checked against
 * `schemas/policy.schema.json`, then checked for what a schema cannot say.
 */
import type { ErrorObject } from 'ajv/dist/2020.js';
import type { Document } from 'yaml';
import { yamlLibrary } from '../libraries.js';

import schema from '../../../schemas/policy.schema.json' with { type: 'json' };
import type { Finding } from '../packet/finding.js';
import { excerpt } from '../packet/finding.js';
import { lazyValidator, type SchemaSpec } from '../compiled-schema.js';
import { parsePlainPacket } from '../packet/parse-plain.js';
import { crossCheckPolicy } from './policy-checks.js';

/** A named set of people whose approval can be required. */
export interface PolicyGroup {
  name: string;
  /** Team as CODEOWNERS names it, `@org/team`. */
  team?: string;
  /** Member logins, used when the team's membership cannot be read. */
  members?: string[];
}

/** Above either threshold, the tier's groups must approve too. */
export interface ApprovalTier {
  name: string;
  /** Overage amount (plain decimal text) by currency code. */
  aboveAmount?: Record<string, string>;
  /** Overage percentage above the budget (plain decimal text). */
  abovePercent?: string;
  groups: string[];
}

export interface BillingClose {
  closeDaysAfterPeriodEnd: number;
  timeZone: string;
  warnDaysBeforeClose: number;
}

export interface PolicyLimits {
  maxPacketsPerPullRequest: number;
  /** Changed files of any kind; past it the gate refuses rather than judge part of a PR. */
  maxFilesPerPullRequest: number;
  maxPacketBytes: number;
  maxEvidenceBytes: number;
}

export interface Policy {
  organisation: string;
  groups: Record<string, PolicyGroup>;
  financeGroup: string;
  adminGroup: string;
  tiers: ApprovalTier[];
  billingClose?: BillingClose;
  limits: PolicyLimits;
}

/** Either a usable policy, or the findings that say what to fix (never both with errors). */
export interface PolicyResult {
  policy?: Policy;
  findings: Finding[];
}

/** Defaults for `limits`, as the schema documents them. */
export const DEFAULT_LIMITS: PolicyLimits = {
  maxPacketsPerPullRequest: 25,
  maxFilesPerPullRequest: 300,
  maxPacketBytes: 65_536,
  maxEvidenceBytes: 104_857_600,
};

/** The policy schema and its settings, shared by the build step that precompiles it. */
export const POLICY_SCHEMA: SchemaSpec = {
  name: 'policy',
  schema,
  options: { allErrors: true, strict: true, strictRequired: false },
  formats: false,
};

const validate = lazyValidator<RawPolicy>(POLICY_SCHEMA);

/** Parses and checks policy text. Never throws on bad input. */
export function parsePolicy(text: string, file: string): PolicyResult {
  // A policy in plain block YAML that passes every check needs no positions: the fast reader
  // (which builds the very same data) is enough. Anything else is read again by the YAML
  // library, whose document places each finding.
  const plain = parsePlainPacket(text)?.data;
  if (plain !== undefined && validate(plain)) {
    const policy = toPolicy(plain);
    if (crossCheckPolicy(policy).length === 0) return { policy, findings: [] };
  }

  const { LineCounter, parseDocument } = yamlLibrary();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { schema: 'core', uniqueKeys: true, lineCounter });
  const at = (offset: number): { line: number; column: number } => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };

  // Step 1: YAML syntax.
  if (doc.errors.length > 0) {
    const findings = doc.errors.map((error) => ({
      code: 'POLICY_YAML_SYNTAX',
      severity: 'error' as const,
      file,
      ...at(error.pos[0]),
      field: '',
      message: `${firstLine(error.message)}; fix the YAML syntax`,
    }));
    return { findings };
  }

  // Step 2: shape, by the JSON Schema.
  const data: unknown = doc.toJS({ maxAliasCount: 50 });
  if (!validate(data)) {
    const errors = mergeAnyOf(validate.errors ?? []);
    return { findings: errors.map((error) => schemaFinding(error, doc, file, at)) };
  }

  // Step 3: what the schema cannot check (references between fields, time zone).
  const policy = toPolicy(data);
  const findings = crossCheckPolicy(policy).map((problem) => ({
    code: problem.code,
    severity: 'error' as const,
    file,
    ...position(doc, problem.field, at),
    field: problem.field,
    message: problem.message,
  }));
  return findings.length > 0 ? { findings } : { policy, findings };
}

interface RawGroup {
  team?: string;
  members?: string[];
}

interface RawPolicy {
  version: 1;
  organisation: string;
  groups: Record<string, RawGroup>;
  finance_group: string;
  admin_group: string;
  approval_tiers?: {
    name: string;
    above_amount?: Record<string, string>;
    above_percent?: string;
    groups: string[];
  }[];
  billing_close?: {
    close_days_after_period_end: number;
    time_zone: string;
    warn_days_before_close?: number;
  };
  limits?: {
    max_packets_per_pull_request?: number;
    max_files_per_pull_request?: number;
    max_packet_bytes?: number;
    max_evidence_bytes?: number;
  };
}

function toPolicy(raw: RawPolicy): Policy {
  const groups: Record<string, PolicyGroup> = {};
  for (const [name, group] of Object.entries(raw.groups)) {
    groups[name] = { name, ...group };
  }

  const close = raw.billing_close;
  return {
    organisation: raw.organisation,
    groups,
    financeGroup: raw.finance_group,
    adminGroup: raw.admin_group,
    tiers: (raw.approval_tiers ?? []).map((tier) => ({
      name: tier.name,
      aboveAmount: tier.above_amount,
      abovePercent: tier.above_percent,
      groups: tier.groups,
    })),
    billingClose: close && {
      closeDaysAfterPeriodEnd: close.close_days_after_period_end,
      timeZone: close.time_zone,
      warnDaysBeforeClose: close.warn_days_before_close ?? 3,
    },
    limits: {
      maxPacketsPerPullRequest:
        raw.limits?.max_packets_per_pull_request ?? DEFAULT_LIMITS.maxPacketsPerPullRequest,
      maxFilesPerPullRequest:
        raw.limits?.max_files_per_pull_request ?? DEFAULT_LIMITS.maxFilesPerPullRequest,
      maxPacketBytes: raw.limits?.max_packet_bytes ?? DEFAULT_LIMITS.maxPacketBytes,
      maxEvidenceBytes: raw.limits?.max_evidence_bytes ?? DEFAULT_LIMITS.maxEvidenceBytes,
    },
  };
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? 'invalid YAML';
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * An unmet `anyOf` of `required` lists yields one error per branch plus the `anyOf` itself;
 * say it once, as "needs one of".
 */
function mergeAnyOf(errors: ErrorObject[]): ErrorObject[] {
  const branches = (error: ErrorObject): boolean =>
    error.keyword === 'required' && error.schemaPath.includes('/anyOf/');
  return errors
    .filter((error) => !branches(error))
    .map((error) => {
      if (error.keyword !== 'anyOf') return error;
      const names = errors
        .filter((other) => branches(other) && other.instancePath === error.instancePath)
        .map((other) => String((other.params as { missingProperty: string }).missingProperty));
      return names.length > 0
        ? { ...error, message: `needs at least one of: ${names.join(', ')}` }
        : error;
    });
}

type At = (offset: number) => { line: number; column: number };

function schemaFinding(error: ErrorObject, doc: Document, file: string, at: At): Finding {
  let field = error.instancePath;
  let what = error.message ?? 'is not valid';
  if (error.keyword === 'additionalProperties') {
    const key = String((error.params as { additionalProperty: string }).additionalProperty);
    field = `${field}/${key}`;
    what = `is not a known field; remove it or check its spelling`;
  } else if (error.keyword === 'pattern' && /amount|percent/.test(field)) {
    what = `must be plain decimal text in quotes, such as '1000.00'`;
  } else if (error.keyword === 'type' && /amount|percent/.test(field)) {
    what = `must be quoted decimal text such as '1000.00', so no digit is lost to a float`;
  }
  const value = doc.getIn(pointerToPath(field));
  const shown = typeof value === 'string' ? ` (found ${JSON.stringify(excerpt(value))})` : '';
  return {
    code: 'POLICY_SCHEMA',
    severity: 'error',
    file,
    ...position(doc, field, at),
    field,
    message: `${field || 'the policy'} ${what}${shown}`,
  };
}

/** Line and column of the node at a JSON Pointer, or of its nearest existing parent. */
function position(doc: Document, field: string, at: At): { line: number; column: number } {
  const path = pointerToPath(field);
  for (let depth = path.length; depth >= 0; depth--) {
    const node: unknown = doc.getIn(path.slice(0, depth), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return at(range[0]);
  }
  return { line: 1, column: 1 };
}

function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((part) => (/^[0-9]+$/.test(part) ? Number(part) : part));
}
