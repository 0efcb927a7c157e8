import { createLoreClient } from '@lore/client';
import { loadSettings } from './settings.js';

/** The Lore server this page came from; each request carries the API key saved in the settings, if any. */
export const lore = createLoreClient({
  baseUrl: location.origin,
  fetch: (input, init) => {
    const key = loadSettings().apiKey.trim();
    const headers = new Headers(init?.headers);
    if (key) headers.set('authorization', `Bearer ${key}`);
    return fetch(input, { ...init, headers });
  },
});

export type { AskSource, ChatSummary, Citation, Collection, LoreDocument, SearchResult } from '@lore/client';
