/** What the user can tune; kept in localStorage. */
export interface Settings {
  temperature: number;
  topK: number;
  rerank: boolean;
  maxTokens: number;
  theme: 'auto' | 'light' | 'dark';
  apiKey: string;
}

const key = 'lore.settings';
export const defaultSettings: Settings = {
  temperature: 0.3,
  topK: 5,
  rerank: false,
  maxTokens: 512,
  theme: 'auto',
  apiKey: '',
};

/** The saved settings over the defaults. */
export function loadSettings(): Settings {
  try {
    return { ...defaultSettings, ...(JSON.parse(localStorage.getItem(key) ?? '{}') as Partial<Settings>) };
  } catch {
    return { ...defaultSettings };
  }
}

/** Saves the settings and applies the theme. */
export function saveSettings(settings: Settings): void {
  localStorage.setItem(key, JSON.stringify(settings));
  applyTheme(settings.theme);
}

/** Sets `data-theme` on the root element; `auto` follows the system. */
export function applyTheme(theme: Settings['theme']): void {
  if (theme === 'auto') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}
