import { ApiProperty } from '@nestjs/swagger';
import { WEBHOOK_EVENTS, type WebhookEvent } from './webhook-events.js';

/** A registered webhook as admins see it: never its secret. */
export class WebhookView {
  id!: string;
  url!: string;
  @ApiProperty({ type: 'array', items: { type: 'string', enum: WEBHOOK_EVENTS } })
  events!: WebhookEvent[];
  createdAt!: Date;
}

/** A webhook just registered: the only answer that shows its signing secret. */
export class CreatedWebhook extends WebhookView {
  /** Verifies the `Candor-Signature` header of each delivery; shown here only. */
  secret!: string;
}
