import type { LoadedDocument } from '../../spec/document.js';

/** Loads plain text unchanged. */
export function loadText(text: string): LoadedDocument {
  return { text, mimeType: 'text/plain' };
}
