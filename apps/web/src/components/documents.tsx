import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { type LoreDocument, lore } from '../api.js';
import { useT } from '../i18n.js';
import type { SourceRequest } from './source-viewer.js';

/** Uploads files as one multipart request; returns the jobs to follow. */
async function upload(collection: string, files: File[]) {
  const documents = files.map((file) => ({ bytes: file, fileName: file.name }));
  return (await lore.ingest({ collection, documents })).jobs;
}

/** Calls `onProgress` on every change of an ingestion job until it ends. */
async function followJob(jobId: string, onProgress: () => void): Promise<void> {
  for await (const _job of lore.jobs.watch(jobId)) onProgress();
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
    setDocuments(await lore.documents.list(collection));
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
      const jobs = await upload(collection, files);
      setBusy(null);
      await refresh();
      for (const job of jobs) await followJob(job.id, () => void refresh().catch(() => {}));
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
      await lore.documents.delete(document.id);
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
