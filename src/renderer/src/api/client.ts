// The renderer's one way to reach data: an ApiClient over Electron IPC (window.galley) when the preload is
// there, else over loopback HTTP with the bearer token that `galley serve` put in the URL fragment.
import { z } from 'zod';

import {
  API_ERROR_CODES,
  ApiCallError,
  ApiMethods,
  type ApiArgs,
  type ApiClient,
  type ApiMethodName,
  type ApiResult,
} from '../../../shared/api';
import i18next from '../i18n';
import { takeTokenFromHash } from './token';

export const TOKEN_STORAGE_KEY = 'galley.token';

/** Running inside the Electron window (the preload exposed its bridge). */
export function isElectron(): boolean {
  return typeof window !== 'undefined' && window.galley !== undefined;
}

const EnvelopeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.enum(API_ERROR_CODES), message: z.string() }) }),
]);

/** Unwraps a `{ ok, value | error }` envelope and checks the value against the method's result schema. */
export function unwrapResponse<M extends ApiMethodName>(method: M, body: unknown): ApiResult<M> {
  const envelope = EnvelopeSchema.safeParse(body);
  if (!envelope.success) throw new ApiCallError('INTERNAL', i18next.t('errors.badResponse'));
  if (!envelope.data.ok) throw new ApiCallError(envelope.data.error.code, envelope.data.error.message);
  const result = ApiMethods[method].result.safeParse(envelope.data.value);
  if (!result.success) throw new ApiCallError('INTERNAL', i18next.t('errors.badResponse'));
  return result.data as ApiResult<M>;
}

function readStoredToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}

/**
 * Takes `#token=…` out of the address (so it is not bookmarked, shared or shown), keeps it for this tab in
 * sessionStorage, and returns it. Must run before anything reads the fragment as a route.
 */
export function captureWebToken(): string | null {
  const { token, hash } = takeTokenFromHash(window.location.hash);
  if (token !== null) {
    try {
      sessionStorage.setItem(TOKEN_STORAGE_KEY, token);
    } catch {
      // Storage refused: the token still works until this tab reloads.
    }
    const { pathname, search } = window.location;
    window.history.replaceState(window.history.state, '', `${pathname}${search}${hash}`);
    return token;
  }
  return readStoredToken();
}

function electronClient(): ApiClient {
  return {
    async call<M extends ApiMethodName>(method: M, args: ApiArgs<M>): Promise<ApiResult<M>> {
      let body: unknown;
      try {
        body = await window.galley!.call(method, args);
      } catch {
        throw new ApiCallError('INTERNAL', i18next.t('errors.cannotReachServer'));
      }
      return unwrapResponse(method, body);
    },
  };
}

/** Browsers refuse keepalive requests whose bodies exceed 64 KB in all; stay under it. */
const KEEPALIVE_MAX_BYTES = 60_000;
const encoder = new TextEncoder();

function webClient(token: string | null): ApiClient {
  return {
    async call<M extends ApiMethodName>(method: M, args: ApiArgs<M>): Promise<ApiResult<M>> {
      let response: Response;
      try {
        const body = JSON.stringify(args);
        response = await fetch(`/api/${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token ?? ''}` },
          body,
          credentials: 'omit',
          cache: 'no-store',
          // A save sent as the tab closes must outlive the page; browsers allow this for bodies up to 64 KB.
          keepalive: body.length < KEEPALIVE_MAX_BYTES && encoder.encode(body).byteLength < KEEPALIVE_MAX_BYTES,
        });
      } catch {
        throw new ApiCallError('INTERNAL', i18next.t('errors.cannotReachServer'));
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        throw new ApiCallError('INTERNAL', i18next.t('errors.badResponse'));
      }
      return unwrapResponse(method, body);
    },
  };
}

export function createApiClient(): ApiClient {
  return isElectron() ? electronClient() : webClient(captureWebToken());
}
