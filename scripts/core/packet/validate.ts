/**
 * The validation pipeline for a set of packet files, as a pure function:
 * bytes guard -> parse (YAML 1.2 core) -> placeholders -> schema -> finance rules -> findings.
 * Cross-packet rules (unique ids) see every file of the run, so call it once per run.
 */
import type { EvidenceFacts } from '../evidence/facts.js';
import type { BillingClose } from '../ownership/policy.js';
import { compareFindings, type Finding, type RuleFinding } from './finding.js';
import { guardBytes, DEFAULT_MAX_PACKET_BYTES } from './guard-bytes.js';
import type { Packet } from './packet.js';
import { parsePacketText, type ParsedText } from './parse.js';
import type { PacketInput, Rule, RuleContext } from './rule.js';
import { RULES } from './rules/index.js';
import { checkSchema } from './schema.js';
import { findPlaceholder, stringsIn } from './text-scan.js';

export interface PacketFile {
  /** Repository-relative path with forward slashes. */
  path: string;
  bytes: Uint8Array;
  /** Set by the reader when the file could not be read as a packet at all (a symlink, say). */
  problem?: { code: string; message: string };
}

export interface FileResult {
  path: string;
  /** The packet data when it parsed and passed the schema. */
  input?: PacketInput;
  findings: Finding[];
}

export interface ValidateOptions {
  maxPacketBytes?: number;
  evidence?: ReadonlyMap<string, EvidenceFacts>;
  today?: string;
  billingClose?: BillingClose;
  filedOn?: string;
  /** Extra rules (evidence checks, PR-context checks) run after the built-in ones. */
  extraRules?: readonly Rule[];
}

export interface ValidationReport {
  files: FileResult[];
  findings: Finding[];
  errors: number;
  warnings: number;
}

interface Stage {
  path: string;
  parsed?: ParsedText;
  input?: PacketInput;
  findings: Finding[];
}

/** Validates every file and returns every finding, sorted, with counts. */
export function validatePackets(files: readonly PacketFile[], options: ValidateOptions = {}) {
  const stages = files.map((file) => parseStage(file, options.maxPacketBytes));
  const context = buildContext(stages, options);

  const rules = [...RULES, ...(options.extraRules ?? [])];
  for (const stage of stages) {
    if (!stage.input || !stage.parsed) continue;
    for (const rule of rules) {
      stage.findings.push(
        ...rule(stage.input, context).map((f) => locate(f, stage.path, stage.parsed)),
      );
    }
  }
  return report(stages);
}

/** Turns one file's bytes into a schema-valid packet, or into the findings that stop it. */
function parseStage(file: PacketFile, maxBytes = DEFAULT_MAX_PACKET_BYTES): Stage {
  const stage: Stage = { path: file.path, findings: [] };
  if (file.problem) {
    stage.findings = [at({ ...file.problem, field: '' }, file.path, { line: 1, column: 1 })];
    return stage;
  }

  const guarded = guardBytes(file.bytes, maxBytes);
  if (guarded.text === undefined) {
    const located = parsePacketText(guarded.lossyText ?? '');
    stage.findings = guarded.problems.map((p) => at(p, file.path, located.position(p.offset)));
    return stage;
  }

  const parsed = parsePacketText(guarded.text);
  stage.parsed = parsed;
  if (parsed.problems.length > 0 || parsed.data === undefined) {
    stage.findings = parsed.problems.map((p) => at(p, file.path, parsed.position(p.offset)));
    return stage;
  }

  const placeholders = placeholderFindings(parsed.data);
  const marked = new Set(placeholders.map((finding) => finding.field));
  const schema = checkSchema(parsed.data).filter((finding) => !marked.has(finding.field));
  stage.findings = [...placeholders, ...schema].map((f) => locate(f, file.path, parsed));
  if (stage.findings.some((finding) => finding.severity === 'error')) return stage;

  stage.input = {
    file: file.path,
    packet: parsed.data as Packet,
    numberSources: parsed.numberSources,
  };
  return stage;
}

/** A template marker left in any field; reported instead of that field's schema error. */
function placeholderFindings(data: unknown): RuleFinding[] {
  return stringsIn(data).flatMap(({ pointer, text }) => {
    const marker = findPlaceholder(text);
    if (marker === undefined) return [];
    const field = pointer.slice(1).replaceAll('/', '.');
    return [
      {
        code: 'PLACEHOLDER_LEFT',
        field: pointer,
        message: `${field} still holds the placeholder ${JSON.stringify(marker)}; replace it with the real value`,
      },
    ];
  });
}

function buildContext(stages: readonly Stage[], options: ValidateOptions): RuleContext {
  const idsToFiles = new Map<string, string[]>();
  for (const stage of stages) {
    const id = stage.input?.packet.exception_packet_id;
    if (id === undefined) continue;
    idsToFiles.set(id, [...(idsToFiles.get(id) ?? []), stage.path]);
  }
  const { evidence, today, billingClose, filedOn } = options;
  return { idsToFiles, evidence, today, billingClose, filedOn };
}

/** Attaches the file and resolves a field pointer to the line and column of its YAML node. */
function locate(finding: RuleFinding, file: string, parsed: ParsedText | undefined): Finding {
  // An unknown field is shown at its key; every other finding at the value that is wrong.
  const keyFirst = finding.code === 'SCHEMA_UNKNOWN_FIELD';
  const byKey = parsed?.keyOffsets.get(finding.field);
  let offset = keyFirst ? byKey : (parsed?.valueOffsets.get(finding.field) ?? byKey);
  // A missing field is reported at the nearest parent that exists.
  let parent = finding.field;
  while (offset === undefined && parent !== '') {
    parent = parent.slice(0, parent.lastIndexOf('/'));
    offset = parsed?.valueOffsets.get(parent);
  }
  const position = parsed?.position(offset ?? 0) ?? { line: 1, column: 1 };
  return at(finding, file, position);
}

function at(finding: RuleFinding, file: string, position: { line: number; column: number }) {
  return {
    code: finding.code,
    severity: finding.severity ?? 'error',
    file,
    line: position.line,
    column: position.column,
    field: finding.field,
    message: finding.message,
  } satisfies Finding;
}

function report(stages: readonly Stage[]): ValidationReport {
  const files = stages.map(({ path, input, findings }) => ({
    path,
    input,
    findings: [...findings].sort(compareFindings),
  }));
  const findings = files.flatMap((file) => file.findings);
  return {
    files,
    findings,
    errors: findings.filter((finding) => finding.severity === 'error').length,
    warnings: findings.filter((finding) => finding.severity === 'warning').length,
  };
}
