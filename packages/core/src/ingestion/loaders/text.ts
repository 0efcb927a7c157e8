import type { LoadedDocument } from '../../spec/document.js';
import { loadMarkdown } from './markdown.js';

/** Lines that open an ATX heading ("# Title", "## 1.1 什么是 LLM？"). */
const ATX_LINE = /^ {0,3}#{1,6}[ \t]+\S/gmu;

/**
 * Loads plain text unchanged. Text written in markdown (at least two ATX headings) keeps its headings as
 * sections, as a `.md` file does, so chunks follow its sections and carry their heading path: notes and
 * exported chats are often `.txt` files in markdown. Its title stays the file's name.
 */
export function loadText(text: string): LoadedDocument {
  const headings = text.match(ATX_LINE)?.length ?? 0;
  if (headings < 2) return { text, mimeType: 'text/plain' };
  const { sections } = loadMarkdown(text);
  return { text, mimeType: 'text/plain', ...(sections ? { sections } : {}) };
}
