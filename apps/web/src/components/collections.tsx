import { useState } from 'preact/hooks';
import type { Collection } from '../api.js';
import { useT } from '../i18n.js';

/** The collection list: pick, create, delete. */
export function Collections(props: {
  collections: Collection[];
  current: string | null;
  onPick: (name: string) => void;
  onCreate: (name: string) => Promise<void>;
  onDelete: (name: string) => Promise<void>;
}) {
  const t = useT();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!name.trim()) return;
    try {
      await props.onCreate(name.trim());
      setName('');
      setError(null);
    } catch (caught) {
      setError((caught as Error).message);
    }
  };
  return (
    <section class="collections" aria-labelledby="collections-heading">
      <h2 id="collections-heading">{t('collections')}</h2>
      <form class="inline-form" onSubmit={submit}>
        <input
          aria-label={t('newCollection')}
          placeholder={t('newCollection')}
          value={name}
          onInput={(event) => setName(event.currentTarget.value)}
        />
        <button type="submit">{t('create')}</button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {props.collections.length === 0 ? (
        <p class="muted">{t('noCollections')}</p>
      ) : (
        <ul class="plain-list">
          {props.collections.map((collection) => (
            <li key={collection.id} class={collection.name === props.current ? 'row selected' : 'row'}>
              <button
                type="button"
                class="link grow"
                aria-current={collection.name === props.current ? 'true' : undefined}
                onClick={() => props.onPick(collection.name)}
              >
                {collection.name}
              </button>
              <button
                type="button"
                class="icon"
                aria-label={t('deleteCollection', { name: collection.name })}
                title={t('deleteCollection', { name: collection.name })}
                onClick={() => {
                  if (confirm(t('confirmDeleteCollection', { name: collection.name })))
                    props.onDelete(collection.name).catch((caught) => setError((caught as Error).message));
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
