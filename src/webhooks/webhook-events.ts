/**
 * The events a webhook can ask for, each with the recorded event it is made from (one home: the listener, the
 * DTO's validation and the OpenAPI enum read it).
 */
export const WEBHOOK_EVENT_SOURCES = {
  'invitation.started': 'attempt.started',
  'submission.created': 'attempt.submitted',
  'review.claimed': 'review.claimed',
  'feedback.sent': 'feedback.sent',
  'feedback.overdue': 'feedback.breached',
  'invitation.expired': 'invitation.expired',
  'invitation.withdrawn': 'invitation.withdrawn',
} as const;

export type WebhookEvent = keyof typeof WEBHOOK_EVENT_SOURCES;
export const WEBHOOK_EVENTS = Object.keys(WEBHOOK_EVENT_SOURCES) as WebhookEvent[];

const BY_SOURCE = new Map<string, WebhookEvent>(
  WEBHOOK_EVENTS.map((name) => [WEBHOOK_EVENT_SOURCES[name], name] as const),
);

/** The webhook event a recorded event becomes, or undefined when webhooks do not carry it. */
export const webhookEventFor = (recordedType: string): WebhookEvent | undefined => BY_SOURCE.get(recordedType);
