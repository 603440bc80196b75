/**
 * The contract every finance rule follows: a pure function from a schema-valid packet and the
 * run's context to findings. Rules never print, read files or look at the clock.
 */
import type { EvidenceFacts } from '../evidence/facts.js';
import type { BillingClose } from '../ownership/policy.js';
import type { RuleFinding } from './finding.js';
import type { Packet } from './packet.js';

/** A packet that passed the schema, with what rules need to read it exactly. */
export interface PacketInput {
  /** Repository-relative path, forward slashes. */
  file: string;
  packet: Packet;
  /** Source text of every numeric scalar by JSON Pointer: money is read from it, not a float. */
  numberSources: ReadonlyMap<string, string>;
}

/** What a rule may know beyond its own packet. Everything here is plain data. */
export interface RuleContext {
  /** Facts read from each evidence file, by repository-relative path; absent when not read. */
  evidence?: ReadonlyMap<string, EvidenceFacts>;
  /** Today's calendar date, YYYY-MM-DD, when a rule needs it (given by the shell). */
  today?: string;
  /** When the billing period closes, from the policy; deadline rules are off without it. */
  billingClose?: BillingClose;
  /** The date the packets of this run are filed on, YYYY-MM-DD, when the shell knows it. */
  filedOn?: string;
}

export type Rule = (input: PacketInput, context: RuleContext) => RuleFinding[];
