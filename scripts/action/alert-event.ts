/**
 * The alert payload out of the event that started the alert workflow: `client_payload` of a
 * `repository_dispatch` of type `budget-alert`, or the `payload` input of a `workflow_dispatch`.
 * The event file is read with lossless-json so an amount keeps every digit it was sent with.
 */
import { readFileSync } from 'node:fs';
import { losslessJson } from '../core/libraries.js';
import { UsageError } from '../core/errors.js';

export interface AlertEvent {
  /** The payload as JSON text, numbers exactly as sent. */
  payloadText: string;
  /** The branch pull requests are opened against. */
  defaultBranch: string;
}

/**
 * Reads the event at `eventPath` for `eventName`; a UsageError says what was wrong. For
 * `workflow_dispatch`, `inputPayload` is the input as the workflow passes it in `env:`.
 */
export function readAlertEvent(
  eventName: string,
  eventPath: string,
  inputPayload?: string,
): AlertEvent {
  let event: Record<string, unknown>;
  try {
    event = losslessJson().parse(readFileSync(eventPath, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`Cannot read the event payload at ${eventPath}: ${String(error)}`);
  }
  const repository = event.repository as { default_branch?: unknown } | undefined;
  const defaultBranch =
    typeof repository?.default_branch === 'string' ? repository.default_branch : 'main';

  if (eventName === 'repository_dispatch') {
    if (event.action !== 'budget-alert') {
      throw new UsageError(
        `repository_dispatch of type ${JSON.stringify(event.action)} is not a budget alert`,
        'Send event_type "budget-alert" (see docs/alerts.md).',
      );
    }
    const payload = event.client_payload;
    if (payload === undefined || payload === null || typeof payload !== 'object') {
      throw new UsageError(
        'The dispatch has no client_payload',
        'Put the alert notification itself in client_payload (see docs/alerts.md).',
      );
    }
    return { payloadText: losslessJson().stringify(payload) ?? '', defaultBranch };
  }
  if (eventName === 'workflow_dispatch') {
    const inputs = event.inputs as { payload?: unknown } | undefined;
    const text = inputPayload || inputs?.payload;
    if (typeof text !== 'string' || text.trim() === '') {
      throw new UsageError(
        'The workflow was run without a payload',
        'Paste the alert notification JSON into the payload input.',
      );
    }
    return { payloadText: text, defaultBranch };
  }
  throw new UsageError(
    `The alert intake runs on repository_dispatch and workflow_dispatch, not ${eventName}.`,
    'Trigger it as .github/workflows/alert.yml does.',
  );
}
