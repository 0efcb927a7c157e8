import { useEffect, useRef, useState } from 'preact/hooks';
import { lore } from '../api.js';
import { useT } from '../i18n.js';

/** What to show: a document, optionally with a span to highlight. */
export interface SourceRequest {
  documentId: string;
  title: string;
  start?: number;
  end?: number;
  page?: number;
  marker?: number;
}

/** A modal dialog with the document's extracted text and the cited span highlighted and scrolled to. */
export function SourceViewer(props: { source: SourceRequest; onClose: () => void }) {
  const t = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  const mark = useRef<HTMLElement>(null);
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { documentId, start, end } = props.source;

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  useEffect(() => {
    setText(null);
    lore.documents
      .content(documentId)
      .then(setText)
      .catch((caught) => setError((caught as Error).message));
  }, [documentId]);

  useEffect(() => {
    mark.current?.scrollIntoView({ block: 'center' });
  }, [text]);

  const hasSpan = text !== null && start !== undefined && end !== undefined && end > start;
  return (
    <dialog ref={dialog} class="source-viewer" aria-labelledby="source-title" onClose={props.onClose}>
      <header class="row">
        <h2 id="source-title" class="grow">
          {props.source.marker !== undefined && `[${props.source.marker}] `}
          {props.source.title}
          {props.source.page !== undefined && (
            <span class="muted page"> · {t('page', { page: props.source.page })}</span>
          )}
        </h2>
        <button type="button" onClick={() => dialog.current?.close()} autofocus>
          {t('close')}
        </button>
      </header>
      {error && (
        <p class="error" role="alert">
          {t('error', { message: error })}
        </p>
      )}
      {text === null && !error && <p class="muted">{t('loading')}</p>}
      {text !== null && (
        <div class="source-text">
          {hasSpan ? (
            <>
              {text.slice(0, start)}
              <mark ref={mark} class="cited-span">
                {text.slice(start, end)}
              </mark>
              {text.slice(end)}
            </>
          ) : (
            text
          )}
        </div>
      )}
    </dialog>
  );
}
