import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { LoreError } from '../../errors.js';
import type { LoadedDocument, PageSpan } from '../../spec/document.js';

interface TextItemLike {
  str?: string;
  hasEOL?: boolean;
}

function pageText(items: readonly TextItemLike[]): string {
  let text = '';
  for (const item of items) {
    text += item.str ?? '';
    if (item.hasEOL) text += '\n';
  }
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function failure(error: unknown): LoreError {
  const name = (error as { name?: string } | undefined)?.name;
  if (name === 'PasswordException') {
    return new LoreError(
      'UNPROCESSABLE',
      'The PDF is password-protected. Remove the password (print to PDF or save an unprotected copy) and upload it again.',
      { cause: error },
    );
  }
  return new LoreError(
    'UNPROCESSABLE',
    `The PDF could not be read (${(error as Error)?.message ?? String(error)}); it is probably damaged or incomplete. Re-export or re-download it and upload it again.`,
    { cause: error },
  );
}

/** Extracts a PDF's text page by page (pages joined by a blank line), with page spans and the metadata title. */
export async function loadPdf(bytes: Uint8Array): Promise<LoadedDocument> {
  // pdf.js is large: load it on the first PDF, not when Lore starts.
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // pdfjs transfers the buffer to its worker; give it a copy so the caller's bytes stay usable.
  const task = getDocument({
    data: bytes.slice(),
    verbosity: 0,
    isEvalSupported: false,
    useSystemFonts: false,
  });
  try {
    let pdf: PDFDocumentProxy;
    try {
      pdf = await task.promise;
    } catch (error) {
      throw failure(error);
    }
    let text = '';
    const pages: PageSpan[] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      let content: string;
      try {
        const page = await pdf.getPage(number);
        content = pageText((await page.getTextContent()).items as TextItemLike[]);
        page.cleanup();
      } catch (error) {
        throw failure(error);
      }
      if (number > 1) text += '\n\n';
      pages.push({ page: number, start: text.length, end: text.length + content.length });
      text += content;
    }
    const metadata = await pdf.getMetadata().catch(() => undefined);
    const info = metadata?.info as { Title?: unknown } | undefined;
    const title = typeof info?.Title === 'string' ? info.Title.trim() : '';
    return { text, mimeType: 'application/pdf', pages, ...(title ? { title } : {}) };
  } finally {
    await task.destroy();
  }
}
