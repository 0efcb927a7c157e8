import type { AskSource, Citation } from '../api.js';
import { useT } from '../i18n.js';

const scoreNames = ['vector', 'keyword', 'fused', 'rerank'] as const;

/**
 * Every passage the answer's prompt held, collapsed under the answer: its marker and title, how retrieval
 * scored it (vector, keyword, fused, rerank where each applies), and whether the answer cited it, with the
 * citation's support; a cited passage opens like its citation.
 */
export function RetrievedSources(props: {
  sources: AskSource[];
  citations: Citation[];
  onOpen: (citation: Citation) => void;
}) {
  const t = useT();
  if (props.sources.length === 0) return null;
  const cited = new Map(props.citations.map((citation) => [citation.marker, citation]));
  return (
    <details class="retrieved">
      <summary>{t('retrieved', { count: props.sources.length })}</summary>
      <ol>
        {props.sources.map((source) => {
          const citation = cited.get(source.marker);
          const scores = scoreNames.flatMap((name) => {
            const value = source.scores?.[name];
            return value === undefined ? [] : [`${t(`score_${name}`)} ${value.toFixed(3)}`];
          });
          return (
            <li key={source.marker} class={citation ? 'cited' : undefined}>
              <div class="retrieved-head">
                {citation ? (
                  <button type="button" class="link" onClick={() => props.onOpen(citation)}>
                    [{source.marker}] {source.title}
                  </button>
                ) : (
                  <span>
                    [{source.marker}] {source.title}
                  </span>
                )}
                {source.page !== undefined && (
                  <span class="muted"> · {t('page', { page: source.page })}</span>
                )}
                <span class={citation?.supported === false ? 'tag unsupported' : 'tag'}>
                  {citation
                    ? `${t('cited')} · ${t('support', { value: citation.support.toFixed(2) })}`
                    : t('notCited')}
                </span>
              </div>
              <div class="muted scores">
                {scores.length > 0 ? scores.join(' · ') : `${t('score')} ${source.score.toFixed(3)}`}
              </div>
              <p class="snippet">
                {source.text.length > 240 ? `${source.text.slice(0, 240)}…` : source.text}
              </p>
            </li>
          );
        })}
      </ol>
    </details>
  );
}
