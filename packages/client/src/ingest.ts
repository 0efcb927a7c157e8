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

  function uploads(options: IngestOptions): Promise<Upload>[] {
    const { collection, abortSignal } = options;
    const groups = new Map<string, FileInput[]>();
    const requests: Promise<Upload>[] = [];
    for (const document of options.documents) {
      if ('text' in document) {
        requests.push(post(collection, JSON.stringify(document), abortSignal, true));
        continue;
      }
      const key = JSON.stringify(document.metadata ?? {});
      groups.set(key, [...(groups.get(key) ?? []), document]);
    }
    for (const [metadata, files] of groups) {
      const form = new FormData();
      for (const file of files) {
        const blob =
          file.bytes instanceof Blob
            ? file.bytes
            : new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.mimeType ?? '' });
        form.append('file', blob, file.fileName);
      }
      form.append('metadata', metadata);
      requests.push(post(collection, form, abortSignal));
    }
    return requests;
  }

  return async function ingest(options: IngestOptions): Promise<IngestResult> {
    const results = await Promise.all(uploads(options));
    const jobIds = [...new Set(results.flatMap((result) => (result.jobId ? [result.jobId] : [])))];
    let documents = results.flatMap((result) => result.documents);
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
