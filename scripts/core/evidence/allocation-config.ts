/**
 * Reads the allocation config text (`.github/packet-allocation.yml`) into data, checked
 * against `schemas/allocation.schema.json`. Mistakes become findings on that file; the run
 * goes on with an empty configuration so every cost shows as unallocated.
 */
import { yamlLibrary } from '../libraries.js';
import schema from '../../../schemas/allocation.schema.json' with { type: 'json' };
import { lazyValidator, type SchemaSpec } from '../compiled-schema.js';
import { howToPlace, whatStandsAt, type NotAFile } from '../config-place.js';
import type { Finding } from '../packet/finding.js';
import { parsePlainPacket } from '../packet/parse-plain.js';
import { EMPTY_ALLOCATION, type AllocationConfig } from './allocation.js';

/** Where the repository keeps its allocation config. */
export const ALLOCATION_FILE = '.github/packet-allocation.yml';

/** The allocation schema and its settings, shared by the build step that precompiles it. */
export const ALLOCATION_SCHEMA: SchemaSpec = {
  name: 'allocation',
  schema,
  options: { allErrors: true, strict: true, strictRequired: false },
  formats: false,
};

const validate = lazyValidator<AllocationConfig>(ALLOCATION_SCHEMA);

/** The parsed config, or the empty one with the findings that explain why. */
export function parseAllocationConfig(
  text: string,
  file = ALLOCATION_FILE,
): { config: AllocationConfig; findings: Finding[] } {
  // A config in plain block YAML that fits the schema needs no positions: the fast reader (which
  // builds the very same data) is enough. Anything else is read again by the YAML library.
  const plain = parsePlainPacket(text)?.data;
  if (plain !== undefined && validate(plain)) return { config: configOf(plain), findings: [] };

  const { LineCounter, parseDocument } = yamlLibrary();
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    version: '1.2',
    schema: 'core',
    lineCounter: lines,
    uniqueKeys: true,
  });

  // Step 1: YAML syntax.
  if (doc.errors.length > 0) {
    const findings = doc.errors.map((error) => {
      const at = lines.linePos(error.pos[0]);
      return finding(file, 'ALLOCATION_YAML_INVALID', at.line, at.col, '', error.message);
    });
    return { config: EMPTY_ALLOCATION, findings };
  }

  // Step 2: shape, each ajv error placed on the YAML node it names.
  const data: unknown = doc.toJS();
  if (!validate(data)) {
    const findings = (validate.errors ?? []).map((error) => {
      const pathParts = error.instancePath.split('/').slice(1).map(unescapePointer);
      const node = doc.getIn(pathParts, true) as { range?: [number, number, number] } | undefined;
      const at = node?.range ? lines.linePos(node.range[0]) : { line: 1, col: 1 };
      const message = `${error.instancePath || 'the config'} ${error.message ?? 'is invalid'}; see schemas/allocation.schema.json`;
      return finding(file, 'ALLOCATION_SCHEMA', at.line, at.col, error.instancePath, message);
    });
    return { config: EMPTY_ALLOCATION, findings };
  }

  return { config: configOf(data), findings: [] };
}

/**
 * The empty configuration, and why: something other than a plain file stands at the config's
 * path (a folder, or a file where the .github folder should be). Nothing there at all is no
 * mistake (the config is optional), and no finding.
 */
export function allocationNotRead(
  found: NotAFile,
  file = ALLOCATION_FILE,
): { config: AllocationConfig; findings: Finding[] } {
  if (found.kind === 'none') return { config: EMPTY_ALLOCATION, findings: [] };
  const content = 'the allocation config (see schemas/allocation.schema.json)';
  const remedy =
    found.kind === 'no folder'
      ? howToPlace(found, content)
      : `${howToPlace(found, content)}, or remove it`;
  const message = `${whatStandsAt(file, found)}, so no cost is allocated to an owner; ${remedy}`;
  return {
    config: EMPTY_ALLOCATION,
    findings: [finding(file, 'ALLOCATION_NOT_A_FILE', 1, 1, '', message)],
  };
}

function configOf(data: AllocationConfig): AllocationConfig {
  const config: AllocationConfig = { rules: data.rules, csv_mappings: data.csv_mappings ?? {} };
  if (data.budgets !== undefined) config.budgets = data.budgets;
  return config;
}

function finding(
  file: string,
  code: string,
  line: number,
  column: number,
  field: string,
  message: string,
): Finding {
  return { code, severity: 'error', file, line, column, field, message };
}

function unescapePointer(part: string): string {
  return part.replaceAll('~1', '/').replaceAll('~0', '~');
}
