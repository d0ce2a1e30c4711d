// The third transport: direct calls in the same process (CLI, tests), still validated by the contract.
import { ApiCallError, type ApiClient } from '../../shared/api';
import type { ServiceMethods } from '../services';
import { dispatch } from './dispatch';

export function createDirectClient(methods: ServiceMethods): ApiClient {
  return {
    async call(method, args) {
      const response = await dispatch(methods, method, args);
      if (!response.ok) throw new ApiCallError(response.error.code, response.error.message);
      return response.value as never;
    },
  };
}
