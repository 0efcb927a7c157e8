import { useEffect, useMemo, useState } from 'preact/hooks';
import { type Collection, lore } from './api.js';
import { Chat } from './components/chat.js';
import { Collections } from './components/collections.js';
import { Documents } from './components/documents.js';
import { Search } from './components/search.js';
import { SettingsPanel } from './components/settings-panel.js';
import { type SourceRequest, SourceViewer } from './components/source-viewer.js';
import { createTranslate, I18nContext, initialLanguage, type Language, languageNames } from './i18n.js';
import { applyTheme, loadSettings, type Settings, saveSettings } from './settings.js';

type View = 'chat' | 'documents' | 'search';
const views: View[] = ['chat', 'documents', 'search'];

/** The whole UI: collections on the side; chat, documents and search for the picked collection. */
export function App() {
  const [language, setLanguage] = useState<Language>(initialLanguage);
  const t = useMemo(() => createTranslate(language), [language]);
  const [settings, setSettings] = useState<Settings>(loadSettings);
  const [showSettings, setShowSettings] = useState(false);
  const [collections, setCollections] = useState<Collection[]>([]);
  const [current, setCurrent] = useState<string | null>(() => localStorage.getItem('lore.collection'));
  const [view, setView] = useState<View>('chat');
  const [source, setSource] = useState<SourceRequest | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = async () => {
    const list = await lore.collections.list();
    setCollections(list);
    return list;
  };

  useEffect(() => {
    applyTheme(settings.theme);
    refresh()
      .then((list) => {
        if (!list.some((collection) => collection.name === current)) setCurrent(list[0]?.name ?? null);
      })
      .catch((caught) => setError((caught as Error).message));
  }, []);

  useEffect(() => {
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
    localStorage.setItem('lore.language', language);
  }, [language]);

  useEffect(() => {
    if (current) localStorage.setItem('lore.collection', current);
  }, [current]);

  const pick = (name: string) => {
    setCurrent(name);
    setSource(null);
  };

  return (
    <I18nContext.Provider value={t}>
      <header class="top-bar">
        <h1>{t('appName')}</h1>
        {current && <span class="current-collection">{current}</span>}
        <div class="grow" />
        <label class="language">
          <span class="visually-hidden">{t('language')}</span>
          <select
            aria-label={t('language')}
            value={language}
            onChange={(event) => setLanguage(event.currentTarget.value as Language)}
          >
            {(Object.keys(languageNames) as Language[]).map((value) => (
              <option key={value} value={value}>
                {languageNames[value]}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => setShowSettings(true)}>
          {t('settings')}
        </button>
      </header>
      <div class="layout">
        <aside class="sidebar">
          <Collections
            collections={collections}
            current={current}
            onPick={pick}
            onCreate={async (name) => {
              await lore.collections.create({ name });
              await refresh();
              pick(name);
              setView('documents');
            }}
            onDelete={async (name) => {
              await lore.collections.delete(name);
              const list = await refresh();
              if (name === current) setCurrent(list[0]?.name ?? null);
            }}
          />
        </aside>
        <main class="main">
          {error && (
            <p class="error" role="alert">
              {t('error', { message: error })}
            </p>
          )}
          {!current ? (
            <p class="muted empty">{t('pickCollection')}</p>
          ) : (
            <>
              <nav class="tabs" aria-label={current}>
                {views.map((value) => (
                  <button
                    key={value}
                    type="button"
                    class={value === view ? 'tab selected' : 'tab'}
                    aria-pressed={value === view}
                    onClick={() => setView(value)}
                  >
                    {t(value)}
                  </button>
                ))}
              </nav>
              {view === 'chat' && (
                <Chat
                  key={current}
                  collection={current}
                  settings={settings}
                  onOpen={(citation) => setSource(citation)}
                />
              )}
              {view === 'documents' && <Documents key={current} collection={current} onOpen={setSource} />}
              {view === 'search' && (
                <Search key={current} collection={current} settings={settings} onOpen={setSource} />
              )}
            </>
          )}
        </main>
      </div>
      {source && (
        <SourceViewer
          key={`${source.documentId}:${source.start ?? ''}`}
          source={source}
          onClose={() => setSource(null)}
        />
      )}
      {showSettings && (
        <SettingsPanel
          settings={settings}
          onSave={(next) => {
            saveSettings(next);
            setSettings(next);
          }}
          onClose={() => setShowSettings(false)}
        />
      )}
    </I18nContext.Provider>
  );
}
