import { Parser } from 'htmlparser2';
import type { LoadedDocument, Section } from '../../spec/document.js';

const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'head', 'iframe', 'object']);
/** Blocks that end a paragraph: a blank line around them lets the chunker split there. */
const PARAGRAPHS = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'pre',
  'blockquote',
  'table',
  'ul',
  'ol',
  'dl',
  'figure',
  'section',
  'article',
  'header',
  'footer',
  'aside',
  'nav',
  'main',
  'hr',
  'address',
  'details',
]);
/** Blocks that only start a new line. */
const LINES = new Set([
  'br',
  'div',
  'li',
  'tr',
  'dt',
  'dd',
  'caption',
  'summary',
  'figcaption',
  'form',
  'fieldset',
]);
const CELLS = new Set(['td', 'th']);

/** Extracts readable text from HTML: scripts and styles dropped, blocks on their own lines, h1–h6 as sections. */
export function loadHtml(html: string, mimeType = 'text/html'): LoadedDocument {
  let text = '';
  let pendingBreak = 0; // newlines owed before the next text
  let pendingSpace = false;
  let skipDepth = 0;
  let preDepth = 0;
  let inTitle = false;
  let titleText = '';
  let heading: { level: number; start: number } | undefined;
  const sections: Section[] = [];

  const requestBreak = (newlines: number) => {
    pendingBreak = Math.max(pendingBreak, newlines);
  };
  const append = (raw: string) => {
    const value = preDepth > 0 ? raw : raw.replace(/\s+/g, ' ');
    if (value === '') return;
    const leadingSpace = preDepth === 0 && value.startsWith(' ');
    const content = preDepth > 0 ? value : value.trimStart();
    if (content === '') {
      pendingSpace ||= text !== '';
      return;
    }
    if (text !== '') {
      if (pendingBreak > 0) text += '\n'.repeat(pendingBreak);
      else if (pendingSpace || leadingSpace) text += ' ';
    }
    pendingBreak = 0;
    pendingSpace = false;
    if (heading && heading.start < 0) heading.start = text.length;
    // Trailing whitespace is deferred so a block break can replace it.
    const trimmed = preDepth > 0 ? content : content.trimEnd();
    pendingSpace = trimmed.length < content.length;
    text += trimmed;
  };

  const parser = new Parser(
    {
      onopentag(name) {
        if (name === 'title') inTitle = true;
        if (SKIPPED.has(name)) skipDepth++;
        if (skipDepth > 0) return;
        if (name === 'pre') preDepth++;
        if (PARAGRAPHS.has(name)) requestBreak(2);
        else if (LINES.has(name)) requestBreak(1);
        else if (CELLS.has(name) && pendingBreak === 0 && text !== '') append(' | ');
        const level = /^h([1-6])$/.exec(name)?.[1];
        if (level) heading = { level: Number(level), start: -1 };
      },
      ontext(data) {
        if (inTitle) titleText += data;
        else if (skipDepth === 0) append(data);
      },
      onclosetag(name) {
        if (name === 'title') inTitle = false;
        if (SKIPPED.has(name)) {
          skipDepth = Math.max(0, skipDepth - 1);
          return;
        }
        if (skipDepth > 0) return;
        if (name === 'pre') preDepth = Math.max(0, preDepth - 1);
        if (heading && /^h[1-6]$/.test(name)) {
          const title = heading.start >= 0 ? text.slice(heading.start).trim() : '';
          if (title) sections.push({ start: heading.start, level: heading.level, title });
          heading = undefined;
        }
        if (PARAGRAPHS.has(name)) requestBreak(2);
        else if (LINES.has(name)) requestBreak(1);
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();

  const title =
    titleText.replace(/\s+/g, ' ').trim() || sections.find((section) => section.level === 1)?.title;
  return {
    text,
    mimeType,
    ...(title ? { title } : {}),
    ...(sections.length > 0 ? { sections } : {}),
  };
}
