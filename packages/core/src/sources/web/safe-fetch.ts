import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction, type Socket } from 'node:net';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { LoreError } from '../../errors.js';
import { refusedAddress } from './address.js';

/** How Lore fetches web pages for URL sources. */
export interface FetchPolicy {
  /** Reach private, loopback and link-local addresses too. Default false. */
  allowPrivate?: boolean;
  /** Host names (or IP literals) that may resolve to such addresses. */
  allowHosts?: readonly string[];
  userAgent?: string;
  /** Largest body read per response, after decompression; default 5 MiB. */
  maxPageBytes?: number;
  /** Deadline of one request, redirects included; default 15 s. */
  timeoutMs?: number;
  /** Redirects followed per request; default 5. */
  maxRedirects?: number;
}

/** A response: the URL it came from after redirects, its status, type and (size-limited) body. */
export interface FetchedPage {
  url: string;
  status: number;
  contentType: string | null;
  body: Uint8Array;
}

export const defaultUserAgent = 'LoreBot/0.1 (+https://github.com/lore; syncs sources its users registered)';
const redirects = new Set([301, 302, 303, 307, 308]);

/** A URL Lore may fetch (http or https, no credentials); BAD_REQUEST otherwise. */
export function parseWebUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw new LoreError(
      'BAD_REQUEST',
      `${JSON.stringify(value)} is not a URL: give an absolute http(s) URL.`,
      {
        cause,
      },
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new LoreError(
      'BAD_REQUEST',
      `${url.protocol.replace(/:$/, '')} URLs cannot be synced: give an http:// or https:// URL.`,
    );
  if (url.username || url.password)
    throw new LoreError('BAD_REQUEST', 'URLs with a user name or password cannot be synced.');
  url.hash = '';
  return url;
}

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '').toLowerCase();

function refusal(url: URL, address: string, why: string): LoreError {
  return new LoreError(
    'FORBIDDEN',
    `Not fetching ${url.href}: ${hostOf(url) === address ? `${address} is` : `${hostOf(url)} resolves to ${address},`} ${why}. Lore does not reach private, loopback or link-local addresses unless configured: set sourceOptions.fetch.allowPrivate to true or list the host in sourceOptions.fetch.allowHosts.`,
    { settings: ['sourceOptions.fetch.allowPrivate', 'sourceOptions.fetch.allowHosts'] },
  );
}

/** Whether the policy lets `url` reach any address (an allowed host, or private addresses allowed). */
const unrestricted = (url: URL, policy: FetchPolicy) =>
  policy.allowPrivate === true ||
  (policy.allowHosts ?? []).some((host) => host.toLowerCase() === hostOf(url));

/**
 * Resolves the URL's host and throws FORBIDDEN when any address it resolves to is private, loopback,
 * link-local or special-use (unless the policy allows it); BAD_REQUEST when it does not resolve.
 */
export async function checkUrlAddress(url: URL, policy: FetchPolicy): Promise<void> {
  if (unrestricted(url, policy)) return;
  const host = hostOf(url);
  if (isIP(host)) {
    const why = refusedAddress(host);
    if (why) throw refusal(url, host, why);
    return;
  }
  const addresses = await new Promise<LookupAddress[]>((resolve, reject) =>
    dnsLookup(host, { all: true }, (error, found) => (error ? reject(error) : resolve(found))),
  ).catch((cause: unknown) => {
    throw new LoreError('BAD_REQUEST', `The host ${host} does not resolve: check the URL.`, { cause });
  });
  for (const { address } of addresses) {
    const why = refusedAddress(address);
    if (why) throw refusal(url, address, why);
  }
}

/**
 * GETs an http(s) URL under the policy. Every request and every redirect hop is checked against the
 * addresses its host resolves to, in the DNS lookup the connection itself uses (so a host cannot resolve
 * to a public address for a check and a private one for the connection), and IP literals before
 * connecting. Redirects are followed up to the limit, bodies read up to the size limit, the whole
 * exchange under one deadline. Any status comes back; network failures, refusals and limits throw.
 */
export async function safeFetch(
  input: string | URL,
  policy: FetchPolicy = {},
  options: { abortSignal?: AbortSignal } = {},
): Promise<FetchedPage> {
  const timeoutMs = policy.timeoutMs ?? 15_000;
  const signals = [AbortSignal.timeout(timeoutMs)];
  if (options.abortSignal) signals.push(options.abortSignal);
  const signal = AbortSignal.any(signals);
  let url = typeof input === 'string' ? parseWebUrl(input) : input;
  const maxRedirects = policy.maxRedirects ?? 5;
  for (let hop = 0; ; hop++) {
    const response = await requestOnce(url, policy, signal, timeoutMs);
    const location = response.headers.location;
    if (!redirects.has(response.statusCode ?? 0) || !location) return readPage(url, response, policy, signal);
    response.resume();
    if (hop >= maxRedirects)
      throw new LoreError('UNPROCESSABLE', `${url.href} redirects more than ${maxRedirects} times.`);
    let next: URL;
    try {
      next = parseWebUrl(new URL(location, url).href);
    } catch (cause) {
      throw new LoreError(
        'UNPROCESSABLE',
        `${url.href} redirects to ${location}, which Lore does not follow.`,
        {
          cause,
        },
      );
    }
    url = next;
  }
}

function requestOnce(url: URL, policy: FetchPolicy, signal: AbortSignal, timeoutMs: number) {
  return new Promise<IncomingMessage>((resolve, reject) => {
    let refused: LoreError | undefined;
    const open = unrestricted(url, policy);
    const host = hostOf(url);
    if (!open && isIP(host)) {
      const why = refusedAddress(host);
      if (why) return reject(refusal(url, host, why));
    }
    // The connection uses the addresses checked here: no second lookup an attacker's DNS could answer differently.
    const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
      dnsLookup(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
        if (error) return callback(error, '', 0);
        const bad = open ? undefined : addresses.find(({ address }) => refusedAddress(address));
        if (bad) {
          refused = refusal(url, bad.address, refusedAddress(bad.address) ?? '');
          return callback(refused, '', 0);
        }
        if (lookupOptions.all) return (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
        const [first] = addresses;
        if (!first) return callback(new Error(`${hostname} has no address`), '', 0);
        callback(null, first.address, first.family);
      });
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(url, {
      method: 'GET',
      agent: false,
      lookup,
      signal,
      headers: {
        'user-agent': policy.userAgent ?? defaultUserAgent,
        accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5',
        'accept-encoding': 'gzip, deflate, br',
      },
    });
    request.on('socket', (socket: Socket) =>
      socket.on('connect', () => {
        // Belt and braces: the address actually connected to.
        const why = !open && socket.remoteAddress ? refusedAddress(socket.remoteAddress) : undefined;
        if (why && socket.remoteAddress) {
          refused = refusal(url, socket.remoteAddress, why);
          request.destroy(refused);
        }
      }),
    );
    request.on('response', resolve);
    request.on('error', (error) => {
      if (refused) return reject(refused);
      if (signal.aborted)
        return reject(
          new LoreError('UNAVAILABLE', `${url.href} did not answer within ${timeoutMs} ms.`, {
            cause: error,
          }),
        );
      reject(new LoreError('UNAVAILABLE', `Cannot reach ${url.href}: ${error.message}`, { cause: error }));
    });
    request.end();
  });
}

async function readPage(
  url: URL,
  response: IncomingMessage,
  policy: FetchPolicy,
  signal: AbortSignal,
): Promise<FetchedPage> {
  const maxBytes = policy.maxPageBytes ?? 5 * 1024 * 1024;
  const tooLarge = () =>
    new LoreError('PAYLOAD_TOO_LARGE', `${url.href} is larger than the ${maxBytes} bytes allowed per page.`);
  const declared = Number(response.headers['content-length']);
  const encoding = String(response.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding === 'identity' && Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw tooLarge();
  }
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : undefined;
  const stream = decoder ? response.pipe(decoder) : response;
  if (decoder) response.on('error', (error) => decoder.destroy(error));
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const part of stream as AsyncIterable<Buffer>) {
      size += part.byteLength;
      if (size > maxBytes) throw tooLarge();
      parts.push(part);
    }
  } catch (error) {
    response.destroy();
    if (LoreError.is(error)) throw error;
    const message = signal.aborted ? 'the deadline passed while reading it' : String(error);
    throw new LoreError('UNAVAILABLE', `Reading ${url.href} failed: ${message}`, { cause: error });
  }
  const contentType = response.headers['content-type'] ?? null;
  return {
    url: url.href,
    status: response.statusCode ?? 0,
    contentType,
    body: new Uint8Array(Buffer.concat(parts)),
  };
}
