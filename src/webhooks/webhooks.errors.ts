import { DomainError } from '../common/errors/domain-error.js';

export class WebhookNotFoundError extends DomainError {
  constructor() {
    super('WEBHOOK.NOT_FOUND', 'No such webhook.');
  }
}
