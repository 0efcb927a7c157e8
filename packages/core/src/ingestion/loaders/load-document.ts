import { LoreError } from '../../errors.js';
import type { LoadedDocument } from '../../spec/document.js';
import { loadCode } from './code.js';
import { loadCsv } from './csv.js';
import { type DocumentFormat, decodeText, detectFormat } from './detect.js';
import { loadDocx } from './docx.js';
import { loadHtml } from './html.js';
import { loadJson, loadJsonLines } from './json.js';
import { loadMarkdown } from './markdown.js';
import { type OcrOptions, ocrEnabled, ocrReport, recognizeImage } from './ocr.js';
import { loadPdf } from './pdf.js';
import { loadText } from './text.js';

/** A file to load: its bytes, and its name and declared type when known. */
export interface LoadDocumentInput {
  bytes: Uint8Array;
  fileName?: string;
  mimeType?: string;
  /** How scanned PDF pages and images are read (default: OCR on, eng+chi_sim). */
  ocr?: OcrOptions;
}

/** An image is one page of OCR text. */
async function loadImage(input: LoadDocumentInput): Promise<LoadedDocument> {
  if (!ocrEnabled(input.ocr)) {
    throw new LoreError(
      'UNSUPPORTED_MEDIA_TYPE',
      'Images are read by OCR, which is turned off here; turn it on (ocr.enabled) to ingest PNG and JPEG files.',
      { settings: ['ocr.enabled'] },
    );
  }
  const read = await recognizeImage(input.bytes, input.ocr);
  return {
    text: read.text,
    mimeType: read.mimeType,
    pages: [{ page: 1, start: 0, end: read.text.length }],
    ocr: ocrReport([{ page: 1, confidence: read.confidence, words: read.words }]),
  };
}

/** One entry of `loadDocuments`: the document, or the error that failed this file alone. */
export type LoadDocumentResult =
  | { ok: true; fileName?: string; document: LoadedDocument }
  | { ok: false; fileName?: string; error: LoreError };

function extract(format: DocumentFormat, input: LoadDocumentInput): LoadedDocument | Promise<LoadedDocument> {
  if (format === 'pdf') return loadPdf(input.bytes, input.ocr);
  if (format === 'image') return loadImage(input);
  if (format === 'docx') return loadDocx(input.bytes);
  const text = decodeText(input);
  switch (format) {
    case 'markdown':
      return loadMarkdown(text);
    case 'html':
      return loadHtml(text);
    case 'csv':
      return loadCsv(text);
    case 'json':
      return loadJson(text);
    case 'jsonl':
      return loadJsonLines(text);
    case 'code':
      return loadCode(text, input.fileName);
    default:
      return sniff(text);
  }
}

/** A file with no name or type: read HTML as HTML, everything else as plain text. */
function sniff(text: string): LoadedDocument {
  return /^\s*<(!doctype html|html)[\s>]/i.test(text) ? loadHtml(text) : loadText(text);
}

/** Reads one file into text with its structure; throws LoreError UNSUPPORTED_MEDIA_TYPE or UNPROCESSABLE. */
export async function loadDocument(input: LoadDocumentInput): Promise<LoadedDocument> {
  const name = input.fileName ? `"${input.fileName}"` : 'the file';
  const format = detectFormat(input);
  let document: LoadedDocument;
  try {
    document = await extract(format, input);
  } catch (error) {
    if (LoreError.is(error)) {
      // Loaders speak of "the PDF"; name the file so the message stands alone in a batch report.
      throw error.prefixed(`${name}: `, error.cause ?? error);
    }
    throw new LoreError('UNPROCESSABLE', `${name} could not be read: ${(error as Error)?.message ?? error}`, {
      cause: error,
    });
  }
  if (document.text.trim() === '') {
    const hint =
      format === 'pdf' || format === 'image'
        ? ocrEnabled(input.ocr)
          ? 'OCR found no text in it; it may be blank or too blurred to read.'
          : 'It may be a scanned PDF made of images, and OCR is turned off on this server.'
        : 'The file is empty or holds only markup; upload a file with text in it.';
    throw new LoreError('UNPROCESSABLE', `No text could be extracted from ${name}. ${hint}`);
  }
  return document;
}

/** Loads many files; a file that fails gets its own error and the rest of the batch goes on. */
export async function loadDocuments(inputs: readonly LoadDocumentInput[]): Promise<LoadDocumentResult[]> {
  const results: LoadDocumentResult[] = [];
  for (const input of inputs) {
    const fileName = input.fileName === undefined ? {} : { fileName: input.fileName };
    try {
      results.push({ ok: true, ...fileName, document: await loadDocument(input) });
    } catch (error) {
      const failure = LoreError.is(error)
        ? error
        : new LoreError('INTERNAL', 'Loading the file failed unexpectedly.', { cause: error });
      results.push({ ok: false, ...fileName, error: failure });
    }
  }
  return results;
}
