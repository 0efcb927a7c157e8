import { LoreError } from '../../errors.js';
import { codeLanguageFor } from './code.js';

/** The loader a file goes to, decided from its bytes first and its name or declared type second. */
export type DocumentFormat =
  | 'pdf'
  | 'docx'
  | 'text'
  | 'markdown'
  | 'html'
  | 'csv'
  | 'json'
  | 'jsonl'
  | 'code'
  | 'image';

/** What `detectFormat` needs to know about a file. */
export interface DetectInput {
  bytes: Uint8Array;
  fileName?: string;
  mimeType?: string;
}

const EXTENSIONS: Record<string, DocumentFormat> = {
  txt: 'text',
  text: 'text',
  log: 'text',
  md: 'markdown',
  markdown: 'markdown',
  mdx: 'markdown',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  csv: 'csv',
  tsv: 'csv',
  json: 'json',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  pdf: 'pdf',
  docx: 'docx',
  png: 'image',
  jpg: 'image',
  jpeg: 'image',
};

const MIME_TYPES: Record<string, DocumentFormat> = {
  'text/plain': 'text',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'text/csv': 'csv',
  'text/tab-separated-values': 'csv',
  'application/json': 'json',
  'application/x-ndjson': 'jsonl',
  'application/pdf': 'pdf',
  'image/png': 'image',
  'image/jpeg': 'image',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
};

/** Binary formats we recognise only to say precisely why they are refused. */
const KNOWN_BINARIES: { magic: number[]; name: string; advice: string }[] = [
  { magic: [0x47, 0x49, 0x46, 0x38], name: 'a GIF image', advice: 'Upload a text document instead.' },
  { magic: [0x1f, 0x8b], name: 'a gzip archive', advice: 'Unpack it and upload the files inside.' },
  {
    magic: [0xd0, 0xcf, 0x11, 0xe0],
    name: 'a legacy Office file (.doc/.xls/.ppt)',
    advice: 'Save it as .docx or PDF and upload that.',
  },
];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.length <= bytes.length && magic.every((byte, index) => bytes[index] === byte);
}

/** ZIP entry names are stored uncompressed, so a byte search finds them without unpacking. */
function zipHasEntry(bytes: Uint8Array, name: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(name, 0, 'latin1');
}

function extensionOf(fileName: string | undefined): string | undefined {
  const base = fileName?.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : undefined;
}

/** Whether a file's name alone says Lore has a loader for it (what a folder sync picks up). */
export function readableByName(fileName: string): boolean {
  const extension = extensionOf(fileName);
  return Boolean((extension && EXTENSIONS[extension]) || codeLanguageFor(fileName));
}

function describe(input: DetectInput): string {
  return input.fileName ? `"${input.fileName}"` : 'The file';
}

function unsupported(input: DetectInput, what: string, advice: string): LoreError {
  return new LoreError(
    'UNSUPPORTED_MEDIA_TYPE',
    `${describe(input)} is ${what}, which Lore cannot read. ${advice}`,
  );
}

const SUPPORTED_LIST = 'txt, md, html, pdf, docx, csv, json, png, jpeg or source code';

/** Decides which loader reads the file; throws UNSUPPORTED_MEDIA_TYPE for anything else. */
export function detectFormat(input: DetectInput): DocumentFormat {
  const { bytes } = input;
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  const extension = extensionOf(input.fileName);
  const declared = input.mimeType?.split(';')[0]?.trim().toLowerCase();
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    if (zipHasEntry(bytes, 'word/document.xml')) return 'docx';
    // A damaged .docx may lose its entry list; let the docx loader report it as corrupt.
    if (extension === 'docx' || (declared && MIME_TYPES[declared] === 'docx')) return 'docx';
    if (zipHasEntry(bytes, 'xl/workbook.xml')) {
      throw unsupported(input, 'an Excel workbook', 'Export the sheets as CSV and upload those.');
    }
    if (zipHasEntry(bytes, 'ppt/presentation.xml')) {
      throw unsupported(input, 'a PowerPoint presentation', 'Export it as PDF and upload that.');
    }
    throw unsupported(input, 'a ZIP archive', `Unpack it and upload the ${SUPPORTED_LIST} files inside.`);
  }
  // PNG and JPEG are read by OCR (ocr.ts); a damaged one is reported there.
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) || startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image';
  for (const known of KNOWN_BINARIES) {
    if (startsWith(bytes, known.magic)) throw unsupported(input, known.name, known.advice);
  }
  if (looksBinary(bytes)) throw binaryData(input);
  const byName =
    (extension && EXTENSIONS[extension]) || (codeLanguageFor(input.fileName) ? 'code' : undefined);
  const byMime = declared ? MIME_TYPES[declared] : undefined;
  const format = byName || byMime;
  if (format === 'pdf' || format === 'docx' || format === 'image') {
    const what = format === 'image' ? 'PNG or JPEG' : format.toUpperCase();
    throw new LoreError(
      'UNPROCESSABLE',
      `${describe(input)} is named or declared as ${what} but its content is not a ${what} file; it may be damaged or mislabelled. Re-export it and upload again.`,
    );
  }
  if (format) return format;
  const generic = !declared || declared === 'application/octet-stream';
  if (extension === undefined && generic) return 'text';
  if (declared?.startsWith('text/')) return 'text';
  throw new LoreError(
    'UNSUPPORTED_MEDIA_TYPE',
    `${describe(input)} has an unsupported type (${extension ? `.${extension}` : declared}). Lore reads ${SUPPORTED_LIST} files; convert it to one of those.`,
  );
}

function binaryData(input: DetectInput, cause?: unknown): LoreError {
  const message = `${describe(input)} is binary data, not text, which Lore cannot read. Upload a ${SUPPORTED_LIST} file, saved as UTF-8 if it is text.`;
  return new LoreError('UNSUPPORTED_MEDIA_TYPE', message, { cause });
}

const hasUtf16Bom = (bytes: Uint8Array) => startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff]);

/** NUL bytes or invalid UTF-8 in the first 8 KiB mark a binary file, whatever its name says. */
function looksBinary(bytes: Uint8Array): boolean {
  if (hasUtf16Bom(bytes)) return false;
  const sample = bytes.subarray(0, 8192);
  if (sample.includes(0)) return true;
  try {
    // `stream` tolerates a multi-byte character cut at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return false;
  } catch {
    return true;
  }
}

/** Decodes text as UTF-8 (or UTF-16 with a byte-order mark); throws UNSUPPORTED_MEDIA_TYPE for binary data. */
export function decodeText(input: DetectInput): string {
  const { bytes } = input;
  if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(bytes);
  if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw binaryData(input, error);
  }
}
