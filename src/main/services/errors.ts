// An error a service raises on purpose: its code and message cross the transport as they are.
import type { ApiErrorCode } from '../../shared/api';

export class ServiceError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}
