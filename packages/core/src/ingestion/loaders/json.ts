import { LoreError } from '../../errors.js';
import type { LoadedDocument, Section } from '../../spec/document.js';
import { jsonDepth } from './upload-check.js';

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

function keyPath(parent: string, key: string): string {
  if (IDENTIFIER.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}

function flatten(value: unknown, path: string, lines: string[]): void {
  if (Array.isArray(value)) {
    if (value.length === 0) lines.push(`${path}: []`);
    for (const [index, item] of value.entries()) flatten(item, `${path}[${index}]`, lines);
  } else if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) lines.push(`${path}: {}`);
    for (const [key, item] of entries) flatten(item, keyPath(path, key), lines);
  } else {
    const rendered = typeof value === 'string' ? value : JSON.stringify(value);
    lines.push(path ? `${path}: ${rendered}` : rendered);
  }
}

/** Deeper than this, flattening would recurse too far; uploads are refused earlier at the same depth. */
const MAX_DEPTH = 200;

function parse(text: string, what: string): unknown {
  const depth = jsonDepth(text);
  if (depth > MAX_DEPTH) {
    throw new LoreError(
      'UNPROCESSABLE',
      `The ${what} nests ${depth} levels deep, more than ${MAX_DEPTH}; flatten it.`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new LoreError(
      'UNPROCESSABLE',
      `The ${what} is not valid JSON (${(error as Error).message}). Fix the syntax and upload it again.`,
      { cause: error },
    );
  }
}

/** Loads JSON as flattened "path.to.key: value" lines, with a section per top-level object or array. */
export function loadJson(text: string): LoadedDocument {
  return render([[undefined, parse(text, 'file')]], 'application/json');
}

/** Loads JSON Lines: each line flattened under its line number, e.g. "[3].name: value". */
export function loadJsonLines(text: string): LoadedDocument {
  const records: [string | undefined, unknown][] = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() !== '') records.push([`[${index}]`, parse(line, `line ${index + 1}`)]);
  }
  return render(records, 'application/x-ndjson');
}

function render(records: [string | undefined, unknown][], mimeType: string): LoadedDocument {
  const lines: string[] = [];
  const sections: Section[] = [];
  let offset = 0;
  const emit = (value: unknown, path: string, title: string | undefined) => {
    const before = lines.length;
    flatten(value, path, lines);
    const added = lines.slice(before);
    if (title !== undefined && value !== null && typeof value === 'object' && added.length > 1) {
      sections.push({ start: offset, level: 1, title });
    }
    for (const line of added) offset += line.length + 1;
  };
  for (const [path, value] of records) {
    const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
    if (path === undefined && isObject) {
      for (const [key, item] of Object.entries(value)) emit(item, keyPath('', key), key);
    } else {
      emit(value, path ?? '', path);
    }
  }
  return { text: lines.join('\n'), mimeType, ...(sections.length > 0 ? { sections } : {}) };
}
