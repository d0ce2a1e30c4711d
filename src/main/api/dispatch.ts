// The single entry every transport goes through: checks the method, validates the arguments against
// the contract, runs the service and turns any failure into `{ code, message }` without a stack trace.
import type { z } from 'zod';

import { ApiMethods, isApiMethod, type ApiError, type ApiResponse } from '../../shared/api';
import { CorpusRefusedError } from '../store/corpus';
import { ServiceError } from '../services/errors';
import type { ServiceMethods } from '../services';

/** Formats the first few schema problems as one readable sentence, naming the argument paths. */
export function describeSchemaError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'arguments'}: ${issue.message}`)
    .join('; ');
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ServiceError) return { code: error.code, message: error.message };
  if (error instanceof CorpusRefusedError) return { code: 'CORPUS_REFUSED', message: error.message };
  // Unexpected: keep the details in the log of the process, not in the answer.
  console.error('[galley] internal error:', error);
  return { code: 'INTERNAL', message: 'Galley hit an internal error; the details are in its log.' };
}

export async function dispatch(
  methods: ServiceMethods,
  method: string,
  rawArgs: unknown,
): Promise<ApiResponse<unknown>> {
  if (!isApiMethod(method)) {
    return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `Unknown method "${method.slice(0, 80)}".` } };
  }
  const parsed = ApiMethods[method].args.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      error: { code: 'BAD_REQUEST', message: `Invalid arguments for ${method}: ${describeSchemaError(parsed.error)}` },
    };
  }
  try {
    const handler = methods[method] as (args: unknown) => unknown;
    const value = await handler(parsed.data);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: toApiError(error) };
  }
}
