import { DomainError } from '../common/errors/domain-error.js';

export class DeliveryNotFoundError extends DomainError {
  constructor() {
    super('DELIVERY.NOT_FOUND', 'No such delivery.');
  }
}
