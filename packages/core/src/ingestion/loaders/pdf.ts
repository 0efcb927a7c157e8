import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { LoreError } from '../../errors.js';
import type { LoadedDocument, OcrPage, PageSpan } from '../../spec/document.js';
import { type OcrOptions, ocrEnabled, ocrLimits, ocrReport, recognize } from './ocr.js';

/** Scanned pages are rendered at 200 dpi (PDF units are 1/72 in), less if that passes the pixel limit. */
const OCR_SCALE = 200 / 72;

type PdfPage = Awaited<ReturnType<PDFDocumentProxy['getPage']>>;

/** Renders a page with pdf.js onto an @napi-rs/canvas canvas (prebuilt, no native build) and OCRs the PNG. */
async function ocrPage(pdf: PDFDocumentProxy, page: PdfPage, options: OcrOptions) {
  const { maxPixels } = ocrLimits(options);
  const base = page.getViewport({ scale: 1 });
  const scale = Math.min(OCR_SCALE, Math.sqrt(maxPixels / Math.max(1, base.width * base.height)));
  const viewport = page.getViewport({ scale });
  const width = Math.max(1, Math.floor(viewport.width));
  const height = Math.max(1, Math.floor(viewport.height));
  const factory = (pdf as unknown as { canvasFactory: CanvasFactory }).canvasFactory;
  const { canvas, context } = factory.create(width, height);
  try {
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, width, height);
    await page.render({ canvas, canvasContext: context, viewport } as unknown as Parameters<
      PdfPage['render']
    >[0]).promise;
    return await recognize(new Uint8Array(canvas.toBuffer('image/png')), options);
  } finally {
    factory.destroy({ canvas, context });
  }
}

interface CanvasFactory {
  create(
    width: number,
    height: number,
  ): {
    canvas: { toBuffer(type: 'image/png'): Buffer };
    context: { fillStyle: string; fillRect(x: number, y: number, width: number, height: number): void };
  };
  destroy(pair: { canvas: unknown; context: unknown }): void;
}

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

/**
 * Extracts a PDF's text page by page (pages joined by a blank line), with page spans and the metadata title.
 * A page with no text layer (a scan) is rendered and read by OCR unless OCR is off; its confidence is reported.
 */
export async function loadPdf(bytes: Uint8Array, ocr: OcrOptions = {}): Promise<LoadedDocument> {
  // pdf.js is large: load it on the first PDF, not when Lore starts.
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // pdfjs transfers the buffer to its worker; give it a copy (a plain Uint8Array: it refuses a Buffer) so the
  // caller's bytes stay usable.
  const task = getDocument({
    data: new Uint8Array(bytes),
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
    const scanned: OcrPage[] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      let content: string;
      let page: PdfPage;
      try {
        page = await pdf.getPage(number);
        content = pageText((await page.getTextContent()).items as TextItemLike[]);
      } catch (error) {
        throw failure(error);
      }
      if (content === '' && ocrEnabled(ocr)) {
        const read = await ocrPage(pdf, page, ocr).catch((error) => {
          throw LoreError.is(error) ? error.prefixed(`Page ${number}: `) : failure(error);
        });
        content = read.text;
        scanned.push({ page: number, confidence: read.confidence, words: read.words });
      }
      page.cleanup();
      if (number > 1) text += '\n\n';
      pages.push({ page: number, start: text.length, end: text.length + content.length });
      text += content;
    }
    const metadata = await pdf.getMetadata().catch(() => undefined);
    const info = metadata?.info as { Title?: unknown } | undefined;
    const title = typeof info?.Title === 'string' ? info.Title.trim() : '';
    return {
      text,
      mimeType: 'application/pdf',
      pages,
      ...(title ? { title } : {}),
      ...(scanned.length ? { ocr: ocrReport(scanned) } : {}),
    };
  } finally {
    await task.destroy();
  }
}
