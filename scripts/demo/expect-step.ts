/**
 * The demo's own checks: each step states what must happen, and a step that does otherwise
 * stops the demo with a message saying what was expected and what came instead.
 */
import type { GateOutcome } from './gate.js';
import type { DemoPull } from './pull-request.js';

/** A step that did not behave as the demo describes. */
export class DemoFailure extends Error {
  override name = 'DemoFailure';
}

/** Fails the step with `message` unless `condition` holds. */
export function expectThat(condition: boolean, message: string): asserts condition {
  if (!condition) throw new DemoFailure(message);
}

/** What a gate run must come to. */
export interface GateExpectation {
  passed: boolean;
  /** The groups still waiting, in the verdict's order. */
  waiting: string[];
}

/** Checks the step's exit code, the published check run and the verdict against `expected`. */
export function expectGate(step: string, outcome: GateOutcome, expected: GateExpectation): void {
  const conclusion = expected.passed ? 'success' : 'failure';
  const exitCode = expected.passed ? 0 : 1;
  const got = describe(outcome.exitCode, outcome.conclusion ?? 'missing', outcome.waiting);
  const want = describe(exitCode, conclusion, expected.waiting);
  expectThat(
    outcome.exitCode === exitCode &&
      outcome.conclusion === conclusion &&
      outcome.verdict.passed === expected.passed &&
      outcome.waiting.join(',') === expected.waiting.join(','),
    `${step}: expected ${want}; got ${got}\n${outcome.table}`,
  );
}

function describe(exitCode: number, conclusion: string, waiting: string[]): string {
  return `exit ${exitCode}, check ${conclusion}, waiting [${waiting.join(', ')}]`;
}

/** Every answer the stand-in gave matched GitHub's published schemas, and every route existed. */
export function expectContract(pull: DemoPull): void {
  const { violations, unhandled } = pull.api;
  expectThat(
    violations.length === 0 && unhandled.length === 0,
    `the stand-in saw ${violations.length} answers off GitHub's schema and ` +
      `${unhandled.length} requests it has no route for: ` +
      JSON.stringify({ violations, unhandled: unhandled.map((r) => `${r.method} ${r.path}`) }),
  );
}
