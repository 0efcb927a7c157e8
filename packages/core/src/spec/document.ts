/** A page of a paginated source (PDF): characters [start, end) of the extracted text. */
export interface PageSpan {
  page: number;
  start: number;
  end: number;
}

/** A heading or other structural boundary found by a loader, as a character offset in the text. */
export interface Section {
  start: number;
  level: number;
  title: string;
}

/** What a loader extracts from a file: plain text plus what is needed to point back into it. */
export interface LoadedDocument {
  text: string;
  /** Detected type, e.g. `application/pdf`, `text/markdown`. */
  mimeType: string;
  /** A title found inside the file (PDF metadata, first heading, HTML <title>). */
  title?: string;
  /** Present for paginated formats; pages are 1-based and cover the text in order. */
  pages?: PageSpan[];
  /** Headings (markdown, html, docx) for structure-aware chunking. */
  sections?: Section[];
  /** For source code: the language name, e.g. `typescript`. */
  language?: string;
  /** Present when some of the text was read by OCR: Tesseract's mean word confidence (0–100), overall and per page. */
  ocr?: { confidence: number; pages: OcrPage[] };
}

/** One page (or image, page 1) read by OCR. */
export interface OcrPage {
  page: number;
  confidence: number;
  words: number;
}

/** A piece of a document sized for the embedding model, pointing at its exact source span. */
export interface Chunk {
  /** Position of the chunk inside its document, from 0. */
  index: number;
  text: string;
  /** Character offsets into `LoadedDocument.text`: `text === source.slice(start, end)`. */
  start: number;
  end: number;
  /** 1-based page where the chunk starts, for paginated sources. */
  page?: number;
  tokens: number;
  /** Title path of the headings above the chunk, e.g. `Guide > Install`. */
  heading?: string;
}
