/**
 * The validation pipeline, as pure functions:
 * bytes guard -> parse (YAML 1.2 core) -> placeholders -> schema -> finance rules -> findings.
 *
 * It runs in two steps so that files can be checked in parallel and their results reused:
 * `validateFile` judges one file alone; `buildReport` (report.ts) then checks what needs every
 * file at once (unique ids) from the small outcome each file left.
 */
import type { EvidenceFacts } from '../evidence/facts.js';
import type { BillingClose } from '../ownership/policy.js';
import type { Finding, RuleFinding } from './finding.js';
import { guardBytes, DEFAULT_MAX_PACKET_BYTES } from './guard-bytes.js';
import type { Packet } from './packet.js';
import { parsePacketText, type ParsedText, type Position } from './parse.js';
import type { PacketInput, Rule, RuleContext } from './rule.js';
import { RULES } from './rules/index.js';
import { checkSchema } from './schema.js';
import { buildReport, type FileOutcome, type ValidationReport } from './report.js';

export {
  buildReport,
  crossFileFindings,
  type FileOutcome,
  type ValidationReport,
} from './report.js';
import { scanTexts } from './scan-texts.js';
import {
  findPlaceholder,
  mayHoldMarkedText,
  redactSecrets,
  stringsIn,
  type TextAt,
} from './text-scan.js';

export interface PacketFile {
  /** Repository-relative path with forward slashes. */
  path: string;
  bytes: Uint8Array;
  /** Set by the reader when the file could not be read as a packet at all (a symlink, say). */
  problem?: { code: string; message: string };
}

export interface FileResult extends FileOutcome {
  /** The packet data when it parsed and passed the schema. */
  input?: PacketInput;
}

export interface ValidateOptions {
  maxPacketBytes?: number;
  evidence?: ReadonlyMap<string, EvidenceFacts>;
  today?: string;
  /** Extra rules (evidence checks, PR-context checks) run after the built-in ones. */
  extraRules?: readonly Rule[];
  /** The policy's billing close rule, for the filing deadline check. */
  billingClose?: BillingClose;
  /** The date the packets are being filed, when the run knows it. */
  filedOn?: string;
}

/** Validates every file and returns every finding, sorted, with counts. */
export function validatePackets(
  files: readonly PacketFile[],
  options: ValidateOptions = {},
): ValidationReport {
  return buildReport(files.map((file) => validateFile(file, options)));
}

/** Judges one file on its own: everything but the checks that need other files. */
export function validateFile(file: PacketFile, options: ValidateOptions = {}): FileResult {
  return judgeFile(prepareFile(file, options.maxPacketBytes), options);
}

/**
 * A file read as far as the schema: the packet when it passed (so the shell can gather the
 * evidence it cites), or the findings that stopped it.
 */
export interface PreparedFile {
  path: string;
  input?: PacketInput;
  findings: Finding[];
  /** Internal: the parse, to place the rules' findings. */
  parsed?: ParsedText;
}

/** Guards, parses and schema-checks one file. */
export function prepareFile(file: PacketFile, maxBytes = DEFAULT_MAX_PACKET_BYTES): PreparedFile {
  return parseStage(file, maxBytes);
}

/** Runs the finance rules (and any extra rules) on a prepared file. */
export function judgeFile(prepared: PreparedFile, options: ValidateOptions = {}): FileResult {
  const { input, parsed, path } = prepared;
  const findings = [...prepared.findings];
  if (!input || !parsed) return { path, findings };

  const { evidence, today, billingClose, filedOn } = options;
  const context: RuleContext = { evidence, today, billingClose, filedOn };
  for (const rule of [...RULES, ...(options.extraRules ?? [])]) {
    for (const finding of rule(input, context)) findings.push(locate(finding, path, parsed));
  }

  const idOffset = parsed.valueOffsets.get('/exception_packet_id') ?? 0;
  const id = { value: input.packet.exception_packet_id, position: parsed.position(idOffset) };
  return { path, findings, id, claims: claimsOf(input.packet), input };
}

/** The cost a packet claims: each export it cites, for its owner and period (see `FileOutcome`). */
export function claimsOf(packet: Packet): string[] {
  // A denied packet approved nothing: filing its cost again is how a denial is answered.
  if (packet.packet_status === 'denied') return [];
  const period = `${packet.review_period_start}..${packet.review_period_end}`;
  return packet.evidence.map((ref) => `${packet.allocation_owner}|${period}|${ref.sha256}`);
}

/** Turns one file's bytes into a schema-valid packet, or into the findings that stop it. */
function parseStage(file: PacketFile, maxBytes = DEFAULT_MAX_PACKET_BYTES): PreparedFile {
  const stage: PreparedFile = { path: file.path, findings: [] };
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

  // Credentials and escaped hidden characters are reported in any field, but do not stop the
  // rules: the author should see everything else that is wrong in the same run.
  const strings = mayHoldMarkedText(guarded.text) ? stringsIn(parsed.data, true) : [];
  const texts = scanTexts(strings).map((f) => locate(f, file.path, parsed));
  const placeholders = placeholderFindings(strings.filter((text) => !text.key));
  const marked = new Set(placeholders.map((finding) => finding.field));
  const schema = checkSchema(parsed.data).filter((finding) => !marked.has(finding.field));
  stage.findings = [...placeholders, ...schema].map((f) => locate(f, file.path, parsed));
  const stopped = stage.findings.some((finding) => finding.severity === 'error');
  stage.findings.push(...texts);
  if (stopped) return stage;

  stage.input = {
    file: file.path,
    packet: parsed.data as Packet,
    numberSources: parsed.numberSources,
  };
  return stage;
}

/** A template marker left in any field; reported instead of that field's schema error. */
function placeholderFindings(texts: readonly TextAt[]): RuleFinding[] {
  return texts.flatMap(({ pointer, text }) => {
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

/** Every finding passes here: a credential quoted in a field or a message is redacted. */
function at(finding: RuleFinding, file: string, position: Position): Finding {
  return {
    code: finding.code,
    severity: finding.severity ?? 'error',
    file,
    line: position.line,
    column: position.column,
    field: redactSecrets(finding.field),
    message: redactSecrets(finding.message),
  };
}
