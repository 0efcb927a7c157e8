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
/** A response with the input positions of the documents its request sent. */
type Sent = { upload: Upload; positions: number[] };
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

  /** The requests, each resolving to its response and the input positions of the documents it sent. */
  function uploads(options: IngestOptions): Promise<Sent>[] {
    const { collection, abortSignal } = options;
    const groups = new Map<string, { files: FileInput[]; positions: number[] }>();
    const requests: Promise<Sent>[] = [];
    options.documents.forEach((document, position) => {
      if ('text' in document) {
        const request = post(collection, JSON.stringify(document), abortSignal, true);
        requests.push(request.then((upload) => ({ upload, positions: [position] })));
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
      requests.push(post(collection, form, abortSignal).then((upload) => ({ upload, positions })));
    }
    return requests;
  }

  return async function ingest(options: IngestOptions): Promise<IngestResult> {
    const sent = await Promise.all(uploads(options));
    const jobIds = [...new Set(sent.flatMap(({ upload }) => (upload.jobId ? [upload.jobId] : [])))];
    let documents = inInputOrder(sent);
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
function inInputOrder(sent: Sent[]): Upload['documents'] {
  const ordered: Upload['documents'] = [];
  const rest: Upload['documents'] = [];
  for (const { upload, positions } of sent) {
    if (upload.documents.length !== positions.length) rest.push(...upload.documents);
    else
      upload.documents.forEach((document, index) => {
        ordered[positions[index] as number] = document;
      });
  }
  return [...ordered.filter((document) => document !== undefined), ...rest];
}
