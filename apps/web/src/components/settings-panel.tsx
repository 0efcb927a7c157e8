import { useEffect, useRef, useState } from 'preact/hooks';
import { lore } from '../api.js';
import { useT } from '../i18n.js';
import type { Settings } from '../settings.js';

/** A dialog for the answer settings (temperature, chunks, rerank), theme and optional API key. */
export function SettingsPanel(props: {
  settings: Settings;
  onSave: (settings: Settings) => void;
  onClose: () => void;
}) {
  const t = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  const [draft, setDraft] = useState(props.settings);
  const [models, setModels] = useState<string[]>([]);
  const change = (patch: Partial<Settings>) => setDraft((current) => ({ ...current, ...patch }));

  useEffect(() => {
    dialog.current?.showModal();
    lore
      .models()
      .then((list) => setModels(list.map((model) => model.id).filter((id) => !id.startsWith('lore:'))))
      .catch(() => setModels([]));
  }, []);

  return (
    <dialog ref={dialog} class="settings" aria-labelledby="settings-title" onClose={props.onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          props.onSave(draft);
          dialog.current?.close();
        }}
      >
        <h2 id="settings-title">{t('settings')}</h2>
        <label for="settings-model">{t('model')}</label>
        <select id="settings-model" disabled={models.length <= 1} aria-describedby="settings-model-hint">
          {models.map((model) => (
            <option key={model}>{model}</option>
          ))}
        </select>
        <small id="settings-model-hint" class="muted">
          {t('modelHint')}
        </small>
        <label>
          {t('temperature')} ({draft.temperature.toFixed(1)})
          <input
            type="range"
            min={0}
            max={2}
            step={0.1}
            value={draft.temperature}
            onInput={(event) => change({ temperature: Number(event.currentTarget.value) })}
          />
        </label>
        <label>
          {t('topK')}
          <input
            type="number"
            min={1}
            max={50}
            value={draft.topK}
            onInput={(event) =>
              change({ topK: Math.min(50, Math.max(1, Number(event.currentTarget.value) || 1)) })
            }
          />
        </label>
        <label>
          {t('maxTokens')}
          <input
            type="number"
            min={16}
            max={8192}
            value={draft.maxTokens}
            onInput={(event) =>
              change({ maxTokens: Math.min(8192, Math.max(16, Number(event.currentTarget.value) || 16)) })
            }
          />
        </label>
        <label class="checkbox">
          <input
            type="checkbox"
            checked={draft.rerank}
            onChange={(event) => change({ rerank: event.currentTarget.checked })}
          />
          {t('rerank')}
        </label>
        <label>
          {t('theme')}
          <select
            value={draft.theme}
            onChange={(event) => change({ theme: event.currentTarget.value as Settings['theme'] })}
          >
            {(['auto', 'light', 'dark'] as const).map((theme) => (
              <option key={theme} value={theme}>
                {t(`theme_${theme}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('apiKey')}
          <input
            type="password"
            autocomplete="off"
            value={draft.apiKey}
            onInput={(event) => change({ apiKey: event.currentTarget.value })}
          />
        </label>
        <div class="row actions">
          <button type="button" onClick={() => dialog.current?.close()}>
            {t('close')}
          </button>
          <button type="submit" class="primary">
            {t('save')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
