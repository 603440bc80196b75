/**
 * Runtime contract check for the stand-in: every answer it gives is validated against the
 * response schema GitHub's OpenAPI description publishes for that operation and status.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';
// Imported rather than read, so the build copies it beside the compiled stand-in.
import subset from './openapi-subset.json' with { type: 'json' };

const SUBSET_ID = 'github-openapi-subset';

interface Subset {
  operations: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown> };
}

/** One answer that did not match the published schema. */
export interface ContractViolation {
  operation: string;
  status: number;
  errors: string[];
}

/** Validates answers by operation key (`GET /repos/{owner}/{repo}/pulls/{pull_number}`). */
export class ResponseContract {
  readonly #subset: Subset;
  readonly #ajv: Ajv;
  readonly #compiled = new Map<string, ValidateFunction>();

  constructor() {
    this.#subset = subset;
    // The description is OpenAPI 3.0: `nullable` is its keyword; ajv implements it.
    this.#ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
    formats.default(this.#ajv);
    // The subset's top-level sections hold schemas; they are not keywords themselves.
    this.#ajv.addVocabulary(['source', 'operations', 'components']);
    this.#ajv.addSchema({ $id: SUBSET_ID, ...this.#subset });
  }

  /** The operations the subset describes. */
  get operations(): string[] {
    return Object.keys(this.#subset.operations);
  }

  /**
   * Checks one answer. A status the description does not list for the operation is checked
   * against `basic-error` when it is an error, and is itself a violation when it is a success.
   */
  check(operation: string, status: number, body: unknown): ContractViolation | undefined {
    const statuses = this.#subset.operations[operation];
    if (statuses === undefined) {
      return { operation, status, errors: ['operation is not in the OpenAPI subset'] };
    }

    let pointer: string;
    if (String(status) in statuses) {
      pointer = `#/operations/${escapePointer(operation)}/${status}`;
    } else if (status >= 400) {
      pointer = '#/components/schemas/basic-error';
    } else {
      return { operation, status, errors: [`status ${status} is not described`] };
    }

    const validate = this.#validator(pointer);
    if (validate(body)) return undefined;
    const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
    return { operation, status, errors };
  }

  #validator(pointer: string): ValidateFunction {
    let validate = this.#compiled.get(pointer);
    if (validate === undefined) {
      validate = this.#ajv.compile({ $ref: `${SUBSET_ID}${pointer}` });
      this.#compiled.set(pointer, validate);
    }
    return validate;
  }
}

function escapePointer(segment: string): string {
  return encodeURIComponent(segment.replaceAll('~', '~0').replaceAll('/', '~1'));
}
