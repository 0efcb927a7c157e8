import type { IngestResponse } from '@lore/contract';
import { toLoreApiError } from './errors.js';
import type { IngestInput, IngestOptions, IngestResult, Job, LoreDocument } from './types.js';

interface IngestContext {
  baseUrl: string;
  send: typeof fetch;
  jobs: {
    get(id: string): Promise<Job>;
    watch(id: string, options?: { abortSignal?: AbortSignal }): AsyncIterable<Job>;
  };
}

type Upload = IngestResponse;
type FileInput = Extract<IngestInput, { bytes: unknown }>;

/**
 * Builds `ingest`: texts go as JSON one by one, files as multipart (one request per distinct metadata);
 * with `wait`, it follows each job's event stream and returns the documents as they ended.
 */
export function createIngest(context: IngestContext) {
  const { baseUrl, send } = context;

  async function post(
    collection: string,
    body: BodyInit,
    signal?: AbortSignal,
    json = false,
  ): Promise<Upload> {
    const response = await send(`${baseUrl}/v1/collections/${encodeURIComponent(collection)}/documents`, {
      method: 'POST',
      body,
      signal,
      ...(json ? { headers: { 'content-type': 'application/json' } } : {}),
    });
    if (!response.ok) throw await toLoreApiError(response);
    return (await response.json()) as Upload;
  }

  /** The requests, each with the input positions of the documents it sends. */
  function uploads(options: IngestOptions): { request: Promise<Upload>; positions: number[] }[] {
    const { collection, abortSignal } = options;
    const groups = new Map<string, { files: FileInput[]; positions: number[] }>();
    const requests: { request: Promise<Upload>; positions: number[] }[] = [];
    options.documents.forEach((document, position) => {
      if ('text' in document) {
        requests.push({
          request: post(collection, JSON.stringify(document), abortSignal, true),
          positions: [position],
        });
        return;
      }
      const key = JSON.stringify(document.metadata ?? {});
      const group = groups.get(key) ?? { files: [], positions: [] };
      group.files.push(document);
      group.positions.push(position);
      groups.set(key, group);
    });
    for (const [metadata, { files, positions }] of groups) {
      const form = new FormData();
      for (const file of files) {
        const blob =
          file.bytes instanceof Blob
            ? file.bytes
            : new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.mimeType ?? '' });
        form.append('file', blob, file.fileName);
      }
      form.append('metadata', metadata);
      requests.push({ request: post(collection, form, abortSignal), positions });
    }
    return requests;
  }

  return async function ingest(options: IngestOptions): Promise<IngestResult> {
    const sent = uploads(options);
    const results = await Promise.all(sent.map(({ request }) => request));
    const jobIds = [...new Set(results.flatMap((result) => (result.jobId ? [result.jobId] : [])))];
    let documents = inInputOrder(
      results.map((result, index) => ({
        documents: result.documents,
        positions: sent[index]?.positions ?? [],
      })),
    );
    if (!options.wait)
      return { jobs: await Promise.all(jobIds.map((id) => context.jobs.get(id))), documents };
    const jobs: Job[] = [];
    for (const id of jobIds) {
      let last: Job | undefined;
      for await (const job of context.jobs.watch(id, { abortSignal: options.abortSignal })) {
        last = job;
        options.onProgress?.(job);
      }
      jobs.push(last ?? (await context.jobs.get(id)));
    }
    documents = await Promise.all(documents.map((document) => getDocument(document.id, options.abortSignal)));
    return { jobs, documents };
  };

  async function getDocument(id: string, signal?: AbortSignal): Promise<LoreDocument> {
    const response = await send(`${baseUrl}/v1/documents/${encodeURIComponent(id)}`, { signal });
    if (!response.ok) throw await toLoreApiError(response);
    return (await response.json()) as LoreDocument;
  }
}

/**
 * The documents in the order they were given, whichever request carried them; a response that does not
 * return one document per input (never, today) keeps its own order after the others.
 */
function inInputOrder(results: { documents: Upload['documents']; positions: number[] }[]) {
  const placed: { position: number; document: Upload['documents'][number] }[] = [];
  const rest: Upload['documents'] = [];
  for (const { documents, positions } of results) {
    if (documents.length !== positions.length) rest.push(...documents);
    else
      documents.forEach((document, index) => {
        placed.push({ position: positions[index] ?? 0, document });
      });
  }
  return [...placed.sort((a, b) => a.position - b.position).map(({ document }) => document), ...rest];
}
