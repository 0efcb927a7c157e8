import { useState } from 'preact/hooks';
import { lore, type SearchResult } from '../api.js';
import { useT } from '../i18n.js';
import type { Settings } from '../settings.js';
import type { SourceRequest } from './source-viewer.js';

type Mode = 'hybrid' | 'vector' | 'keyword';

/** Retrieval without generation: the chunks with their scores, for a chosen mode. */
export function Search(props: {
  collection: string;
  settings: Settings;
  onOpen: (source: SourceRequest) => void;
}) {
  const t = useT();
  const [query, setQuery] = useState('');
  const [mode, setMode] = useState<Mode>('hybrid');
  const [results, setResults] = useState<SearchResult[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [searching, setSearching] = useState(false);

  const run = async (event: Event) => {
    event.preventDefault();
    if (!query.trim()) return;
    setSearching(true);
    setError(null);
    try {
      const results = await lore.search({
        collection: props.collection,
        query: query.trim(),
        mode,
        topK: props.settings.topK,
        ...(props.settings.rerank ? { rerank: true } : {}),
      });
      setResults(results);
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setSearching(false);
    }
  };

  return (
    <section class="search" aria-labelledby="search-heading">
      <h2 id="search-heading">{t('search')}</h2>
      <form class="inline-form" onSubmit={run}>
        <input
          type="search"
          class="grow"
          aria-label={t('query')}
          placeholder={t('query')}
          value={query}
          onInput={(event) => setQuery(event.currentTarget.value)}
        />
        <label>
          {t('mode')}{' '}
          <select value={mode} onChange={(event) => setMode(event.currentTarget.value as Mode)}>
            {(['hybrid', 'vector', 'keyword'] as const).map((value) => (
              <option key={value} value={value}>
                {t(`mode_${value}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="primary" disabled={searching}>
          {t('search')}
        </button>
      </form>
      {error && (
        <p class="error" role="alert">
          {t('error', { message: error })}
        </p>
      )}
      {results && (
        <>
          <p class="muted" aria-live="polite">
            {results.length === 0 ? t('noResults') : t('results', { count: results.length })} ·{' '}
            {t(`mode_${mode}`)}
          </p>
          <ol class="results">
            {results.map((result) => (
              <li key={result.chunkId} class="result">
                <div class="row">
                  <button
                    type="button"
                    class="link grow"
                    onClick={() =>
                      props.onOpen({
                        documentId: result.documentId,
                        title: result.title,
                        start: result.start,
                        end: result.end,
                        page: result.page,
                      })
                    }
                  >
                    {result.title}
                    {result.page !== undefined && ` · ${t('page', { page: result.page })}`}
                  </button>
                  <span class="score" title={t('score')}>
                    {t('score')} {result.score.toFixed(3)}
                  </span>
                </div>
                <p class="snippet">{result.text}</p>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
