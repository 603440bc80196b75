import { describe, expect, it } from 'vitest';
import { buildReminder } from '../../../scripts/core/lifecycle/remind.js';
import { parseCodeowners } from '../../../scripts/core/ownership/codeowners.js';
import { parsePolicy, type Policy } from '../../../scripts/core/ownership/policy.js';
import type { Packet } from '../../../scripts/core/packet/packet.js';
import { renderReminderMarkdown, REMINDER_MARKER } from '../../../scripts/core/render/reminder.js';

const POLICY = parsePolicy(
  `version: 1
organisation: acme
groups:
  finance: { team: '@acme/finance' }
  admins: { team: '@acme/admins' }
  ml: { team: '@acme/ml' }
  web: { members: [web-lead] }
  leads: { team: '@acme/leads' }
finance_group: finance
admin_group: admins
approval_tiers:
  - { name: lead, above_amount: { USD: '1000.00' }, groups: [leads] }
billing_close: { close_days_after_period_end: 5, time_zone: Europe/Berlin, warn_days_before_close: 2 }
`,
  '.github/packet-policy.yml',
).policy as Policy;

const CODEOWNERS = parseCodeowners(
  '/packets/ml/ @acme/ml @acme/finance\n/packets/web/ @web-lead @acme/finance\n',
);

function packet(owner: string, fields: Partial<Packet> = {}): { file: string; packet: Packet } {
  const id = `EXC-2026-11-03-${owner.toUpperCase()}`;
  return {
    file: `packets/${owner}/${id}.yaml`,
    packet: {
      exception_packet_id: id,
      review_period_start: '2026-10-01',
      review_period_end: '2026-10-31',
      api_provider: 'OpenAI',
      currency: 'USD',
      cost_column: 'BilledCost',
      billed_total: '1200.00',
      budget_amount: '1000.00',
      overage_amount: '200.00',
      overage_pct_above_threshold: '20.00',
      evidence: [],
      segments: [{ label: 'All of it', amount: '1200.00', owner }],
      business_justification: 'A launch needed it.',
      allocation_owner: owner,
      approver_name: 'PENDING',
      approved_at: 'PENDING',
      corrective_action: 'Cap the job.',
      corrective_action_target_date: '2026-12-15',
      next_review_date: '2027-01-15',
      packet_status: 'pending_approval',
      ...fields,
    },
  };
}

const remind = (today: string, packets: ReturnType<typeof packet>[]) =>
  buildReminder({ today, packets, policy: POLICY, codeowners: CODEOWNERS });

describe('buildReminder', () => {
  it.each([
    ['before anything is due', '2026-11-01', { packet_status: 'approved' }, []],
    ['a pending packet', '2026-11-01', {}, ['awaiting_signoff']],
    ['a denied packet, never', '2027-06-01', { packet_status: 'denied' }, []],
    ['the day of the target date, not yet', '2026-12-15', { packet_status: 'approved' }, []],
    [
      'the day after the target date',
      '2026-12-16',
      { packet_status: 'approved' },
      ['corrective_action_overdue'],
    ],
    [
      'the review date itself',
      '2027-01-15',
      { packet_status: 'approved', corrective_action_target_date: undefined },
      ['review_due'],
    ],
    [
      'an unallocated segment past its date',
      '2026-12-01',
      {
        packet_status: 'approved',
        segments: [
          { label: 'Mine', amount: '1000.00', owner: 'ml' },
          {
            label: 'Nobody yet',
            amount: '200.00',
            owner: 'unallocated',
            resolution_plan: 'Tag the keys.',
            resolution_target_date: '2026-11-30',
          },
        ],
      },
      ['unallocated_overdue'],
    ],
  ] as const)('lists %s', (_name, today, fields, kinds) => {
    const reminder = remind(today, [packet('ml', fields as Partial<Packet>)]);
    expect(reminder.items.map((item) => item.kind)).toEqual(kinds);
  });

  it('gives the days to the close and the groups that must approve', () => {
    const big = packet('web', { overage_amount: '1500.00', overage_pct_above_threshold: '150' });
    const reminder = remind('2026-11-04', [packet('ml'), big]);
    expect(
      reminder.items.map((i) => [i.file, i.date, i.days, i.groups.map((g) => g.label)]),
    ).toEqual([
      ['packets/ml/EXC-2026-11-03-ML.yaml', '2026-11-05', 1, ['ml', 'finance']],
      ['packets/web/EXC-2026-11-03-WEB.yaml', '2026-11-05', 1, ['@web-lead', 'finance', 'leads']],
    ]);
    expect(reminder.mentions).toEqual(['@acme/finance', '@acme/leads', '@acme/ml', '@web-lead']);
  });

  it('mentions only the groups that must act', () => {
    const reminder = remind('2026-12-16', [
      packet('ml', { packet_status: 'approved' }),
      packet('web', { packet_status: 'approved', corrective_action_target_date: '2027-01-01' }),
    ]);
    expect(reminder.items.map((item) => [item.kind, item.owner])).toEqual([
      ['corrective_action_overdue', 'ml'],
    ]);
    expect(reminder.mentions).toEqual(['@acme/ml']);
  });
});

describe('renderReminderMarkdown', () => {
  it('starts with the marker and escapes packet text so it pings nobody', () => {
    const sneaky = packet('ml', {
      packet_status: 'approved',
      corrective_action: 'Ask @acme/admins | <img src=x> see #12',
    });
    const body = renderReminderMarkdown(remind('2026-12-16', [sneaky]));
    expect(body.split('\n')[0]).toBe(REMINDER_MARKER);
    expect(body).toContain('cc @acme/ml');
    expect(body).not.toContain('@acme/admins');
    expect(body).not.toContain('<img');
    expect(body).toContain('Ask @\u200bacme/admins \\| &lt;img');
  });

  it('says nothing is due and pings nobody on a quiet day', () => {
    const body = renderReminderMarkdown(remind('2026-11-01', []));
    expect(body).toContain('Nothing is due.');
    expect(body).not.toContain('@');
  });
});
