import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsUrl, MaxLength } from 'class-validator';
import { HTTP_URL } from '../../common/http/http-url.js';
import { WEBHOOK_EVENTS, type WebhookEvent } from '../webhook-events.js';

export class CreateWebhookDto {
  /** Where Candor POSTs the events: a public http(s) address (private ones only with OUTBOUND_ALLOW_PRIVATE). */
  @IsUrl(HTTP_URL) @MaxLength(2000) url: string;
  @ApiProperty({ type: 'array', items: { type: 'string', enum: WEBHOOK_EVENTS }, minItems: 1 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENTS, { each: true })
  events: WebhookEvent[];
}
