import type { Citation } from '../api.js';
import { useT } from '../i18n.js';

/** An answer with each `[n]` marker that has a checked citation turned into a button opening the source. */
export function AnswerText(props: {
  text: string;
  citations: Citation[];
  onOpen: (citation: Citation) => void;
}) {
  const byMarker = new Map(props.citations.map((citation) => [citation.marker, citation]));
  const parts = props.text.split(/(\[\d{1,3}\])/g);
  return (
    <div class="answer-text">
      {parts.map((part, index) => {
        const marker = /^\[(\d{1,3})\]$/.exec(part);
        const citation = marker ? byMarker.get(Number(marker[1])) : undefined;
        if (!citation) return part;
        return (
          <button
            key={index}
            type="button"
            class="citation"
            aria-label={`[${citation.marker}] ${citation.title}`}
            title={citation.title}
            onClick={() => props.onOpen(citation)}
          >
            [{citation.marker}]
          </button>
        );
      })}
    </div>
  );
}

/** The distinct sources of an answer, each a button named `[n] title`. */
export function SourceList(props: { citations: Citation[]; onOpen: (citation: Citation) => void }) {
  const t = useT();
  const seen = new Set<number>();
  const unique = props.citations.filter(
    (citation) => !seen.has(citation.marker) && seen.add(citation.marker),
  );
  if (unique.length === 0) return null;
  return (
    <div class="source-list">
      <span class="muted">{t('sources')}:</span>
      {unique.map((citation) => (
        <button
          key={citation.marker}
          type="button"
          class={citation.supported ? 'source-chip' : 'source-chip unsupported'}
          title={citation.supported ? citation.text : `${t('unsupported')}: ${citation.text}`}
          onClick={() => props.onOpen(citation)}
        >
          [{citation.marker}] {citation.title}
          {citation.page !== undefined && ` · ${t('page', { page: citation.page })}`}
        </button>
      ))}
    </div>
  );
}
