import { readServerSentEvents } from '@lore/client';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, authHeaders, done, type LoreDocument, ok, toApiError } from '../api.js';
import { useT } from '../i18n.js';
import type { SourceRequest } from './source-viewer.js';

/** Uploads files as one multipart request; returns the job to follow. */
async function upload(collection: string, files: File[]): Promise<{ jobId?: string }> {
  const form = new FormData();
  for (const file of files) form.append('file', file, file.name);
  const url = api.v1.collections[':name'].documents.$url({ param: { name: collection } });
  const response = await fetch(url, { method: 'POST', body: form, headers: authHeaders() });
  if (!response.ok) throw await toApiError(response);
  return (await response.json()) as { jobId?: string };
}

/** Calls `onProgress` on every event of an ingestion job until it is done. */
async function followJob(jobId: string, onProgress: () => void): Promise<void> {
  const url = api.v1.jobs[':id'].events.$url({ param: { id: jobId } });
  const response = await fetch(url, { headers: authHeaders() });
  if (!response.ok) throw await toApiError(response);
  for await (const event of readServerSentEvents(response)) {
    onProgress();
    if (event.event === 'done') break;
  }
}

/** Upload by drag and drop or file picker with live per-document status; list, open, delete documents. */
export function Documents(props: { collection: string; onOpen: (source: SourceRequest) => void }) {
  const t = useT();
  const [documents, setDocuments] = useState<LoreDocument[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const collection = props.collection;

  const refresh = useCallback(async () => {
    const body = await ok(api.v1.collections[':name'].documents.$get({ param: { name: collection } }));
    setDocuments(body.data);
  }, [collection]);

  useEffect(() => {
    setDocuments([]);
    refresh().catch((caught) => setError((caught as Error).message));
  }, [refresh]);

  const send = async (files: File[]) => {
    if (files.length === 0) return;
    setError(null);
    setBusy(t('uploading', { count: files.length }));
    try {
      const { jobId } = await upload(collection, files);
      setBusy(null);
      await refresh();
      if (jobId) await followJob(jobId, () => void refresh().catch(() => {}));
      await refresh();
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setBusy(null);
      if (input.current) input.current.value = '';
    }
  };

  const remove = async (document: LoreDocument) => {
    try {
      await done(api.v1.documents[':id'].$delete({ param: { id: document.id } }));
      await refresh();
    } catch (caught) {
      setError((caught as Error).message);
    }
  };

  return (
    <section class="documents" aria-labelledby="documents-heading">
      <h2 id="documents-heading">{t('documents')}</h2>
      <label
        class={dragging ? 'drop-zone dragging' : 'drop-zone'}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(event) => {
          event.preventDefault();
          setDragging(false);
          void send([...(event.dataTransfer?.files ?? [])]);
        }}
      >
        <span>{t('dropHere')}</span>
        <input
          ref={input}
          type="file"
          multiple
          aria-label={t('uploadDocuments')}
          onChange={(event) => void send([...(event.currentTarget.files ?? [])])}
        />
      </label>
      <p class="muted" aria-live="polite">
        {busy}
      </p>
      {error && (
        <p class="error" role="alert">
          {t('error', { message: error })}
        </p>
      )}
      {documents.length === 0 ? (
        <p class="muted">{t('noDocuments')}</p>
      ) : (
        <ul class="plain-list document-list" aria-live="polite">
          {documents.map((document) => (
            <li key={document.id} class="document" data-status={document.status}>
              <div class="grow">
                <strong class="title">{document.title}</strong>
                <span class={`status status-${document.status}`}>{t(`status_${document.status}`)}</span>
                {document.status === 'indexed' && (
                  <span class="muted"> · {t('chunks', { count: document.chunks })}</span>
                )}
                {document.error && <p class="error document-error">{document.error}</p>}
              </div>
              {document.status === 'indexed' && (
                <button
                  type="button"
                  onClick={() => props.onOpen({ documentId: document.id, title: document.title })}
                >
                  {t('open')}
                </button>
              )}
              <button
                type="button"
                aria-label={t('deleteDocument', { title: document.title })}
                onClick={() => void remove(document)}
              >
                {t('delete')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
