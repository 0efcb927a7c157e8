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

/** Chats started in this browser, per collection, newest first (the API has no chat list yet). */
export interface ChatEntry {
  id: string;
  title: string;
}

const chatsKey = (collection: string) => `lore.chats.${collection}`;

export function loadChats(collection: string): ChatEntry[] {
  try {
    return JSON.parse(localStorage.getItem(chatsKey(collection)) ?? '[]') as ChatEntry[];
  } catch {
    return [];
  }
}

export function saveChats(collection: string, chats: ChatEntry[]): void {
  localStorage.setItem(chatsKey(collection), JSON.stringify(chats.slice(0, 100)));
}
