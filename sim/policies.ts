/**
 * The policies compared, as nothing but service settings: the simulation boots the same service with these
 * environment variables and drives it the same way, so any difference in the figures is the service's doing.
 */

export const POLICY_NAMES = ['candor', 'fifo', 'candor-no-forecast'] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];
/** What `npm run simulate` compares unless --policies says otherwise; the others answer "what did X add?". */
export const DEFAULT_POLICIES: readonly PolicyName[] = ['candor', 'fifo'];

export interface Policy {
  name: PolicyName;
  description: string;
  /** Environment variables for the service (validated by src/config/env.validation.ts like any other). */
  settings: Readonly<Record<string, string>>;
}

export const POLICIES: Record<PolicyName, Policy> = {
  candor: {
    name: 'candor',
    description:
      'Candor as configured by default: most urgent first, reminders at 50 % and 90 %, breach revokes and escalates',
    settings: {},
  },
  'candor-no-forecast': {
    name: 'candor-no-forecast',
    description: 'Candor without the capacity forecast (CAPACITY_FORECAST_MINUTES=0): what the "at risk" warning adds',
    settings: { CAPACITY_FORECAST_MINUTES: '0' },
  },
  fifo: {
    name: 'fifo',
    description:
      'the naive baseline: first come first served, no reminders, no reassignment (a claim is kept until done)',
    settings: {
      REVIEW_QUEUE_ORDER: 'fifo',
      FEEDBACK_REMINDERS: 'off',
      // "No reassignment" covers the lease too: a claim stays with its grader for as long as the setting allows
      // (a week, longer than every feedback window here) instead of returning to the queue after two idle hours.
      REVIEW_LEASE_MINUTES: '10080',
    },
  },
};
