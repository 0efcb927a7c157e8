import type { AppType } from '@lore/api';
import { hc } from 'hono/client';
import { loadSettings } from './settings.js';

/** Typed client for the Lore API on the same origin; sends the optional API key from settings. */
export const api = hc<AppType>(location.origin, {
  headers: (): Record<string, string> => {
    const key = loadSettings().apiKey.trim();
    return key ? { Authorization: `Bearer ${key}` } : {};
  },
});

type OkBody<R> = R extends { ok: true; json(): Promise<infer T> } ? T : never;

/** The API's `{ error: { code, message } }` as a thrown Error. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Turns a non-2xx response into an ApiError with the server's message. */
export async function toApiError(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    return new ApiError(
      body.error?.code ?? 'ERROR',
      body.error?.message ?? response.statusText,
      response.status,
    );
  } catch {
    return new ApiError('ERROR', `${response.status} ${response.statusText}`, response.status);
  }
}

/** Awaits a typed request and returns the body of its success response, or throws ApiError. */
export async function ok<R extends { ok: boolean; json(): Promise<unknown> }>(
  request: Promise<R>,
): Promise<OkBody<R>> {
  const response = await request;
  if (!response.ok) throw await toApiError(response as unknown as Response);
  return (await response.json()) as OkBody<R>;
}

/** Awaits a typed request that answers without a body (204), or throws ApiError. */
export async function done(request: Promise<{ ok: boolean }>): Promise<void> {
  const response = await request;
  if (!response.ok) throw await toApiError(response as unknown as Response);
}

/** Headers for the few calls made with plain fetch (multipart upload, event streams). */
export function authHeaders(): Record<string, string> {
  const key = loadSettings().apiKey.trim();
  return key ? { Authorization: `Bearer ${key}` } : {};
}

export type Collection = OkBody<Awaited<ReturnType<typeof api.v1.collections.$get>>>['data'][number];
export type LoreDocument = OkBody<
  Awaited<ReturnType<(typeof api.v1.collections)[':name']['documents']['$get']>>
>['data'][number];
export type SearchResult = OkBody<
  Awaited<ReturnType<(typeof api.v1.collections)[':name']['search']['$post']>>
>['results'][number];
export type Chat = OkBody<Awaited<ReturnType<(typeof api.v1.chats)[':id']['$get']>>>;
export type ChatSummary = OkBody<
  Awaited<ReturnType<(typeof api.v1.collections)[':name']['chats']['$get']>>
>['data'][number];

/** A checked citation of an answer, as the `citations` event and the chat messages carry it. */
export interface Citation {
  marker: number;
  chunkId: string;
  documentId: string;
  title: string;
  page?: number;
  start: number;
  end: number;
  text: string;
  supported: boolean;
  inferred: boolean;
}
