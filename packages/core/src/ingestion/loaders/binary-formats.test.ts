import { describe, expect, it } from 'vitest';
import { LoreError } from '../../errors.js';
import { buildDocx, buildPdf } from './fixtures/build.js';
import { loadDocument } from './load-document.js';

async function failure(promise: Promise<unknown>): Promise<LoreError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!LoreError.is(error)) throw new Error(`expected a LoreError, got ${String(error)}`);
  return error;
}

describe('pdf loader', () => {
  it('extracts text per page with page spans and the metadata title', async () => {
    const bytes = await buildPdf(
      [['Alpha page one.', 'Second line of page one.'], ['Beta page two.'], ['Gamma page three.']],
      'Quarterly Report',
    );
    const before = bytes.slice();
    const document = await loadDocument({ bytes, fileName: 'report.pdf' });
    expect(bytes).toEqual(before); // the caller's buffer is not detached or changed
    expect(document.mimeType).toBe('application/pdf');
    expect(document.title).toBe('Quarterly Report');
    expect(document.text).toBe(
      'Alpha page one.\nSecond line of page one.\n\nBeta page two.\n\nGamma page three.',
    );
    expect(document.pages?.map((page) => [page.page, document.text.slice(page.start, page.end)])).toEqual([
      [1, 'Alpha page one.\nSecond line of page one.'],
      [2, 'Beta page two.'],
      [3, 'Gamma page three.'],
    ]);
  });

  it('detects a PDF by content whatever its name', async () => {
    const bytes = await buildPdf([['Hello PDF.']]);
    expect((await loadDocument({ bytes, fileName: 'upload.bin' })).text).toBe('Hello PDF.');
  });

  it('reports a corrupt PDF as unprocessable', async () => {
    const bytes = new TextEncoder().encode('%PDF-1.7\n1 0 obj <<garbage>> endobj\ntrailer\n%%EOF');
    const error = await failure(loadDocument({ bytes, fileName: 'broken.pdf' }));
    expect(error.code).toBe('UNPROCESSABLE');
    expect(error.message).toMatch(/"broken.pdf": The PDF could not be read.*damaged.*upload it again/);
  });

  it('reports a truncated PDF and a PDF without text clearly', async () => {
    const bytes = await buildPdf([['Some text here.']]);
    const truncated = await failure(loadDocument({ bytes: bytes.slice(0, 400), fileName: 't.pdf' }));
    expect(truncated.code).toBe('UNPROCESSABLE');
    const blankPdf = await buildPdf([[], []]);
    const blank = await failure(loadDocument({ bytes: blankPdf, fileName: 'scan.pdf' }));
    expect(blank.code).toBe('UNPROCESSABLE');
    expect(blank.message).toMatch(/No text could be extracted from "scan.pdf". OCR found no text/);
    const off = await failure(
      loadDocument({ bytes: blankPdf, fileName: 'scan.pdf', ocr: { enabled: false } }),
    );
    expect(off.message).toMatch(/No text could be extracted from "scan.pdf".*scanned PDF.*OCR is turned off/);
  });
});

describe('docx loader', () => {
  it('extracts paragraphs and turns Word headings into sections', async () => {
    const bytes = await buildDocx([
      { text: 'Handbook', style: 'Heading1' },
      { text: 'Welcome to the team.' },
      { text: 'Holidays', style: 'Heading2' },
      { text: 'You get 25 days & public holidays.' },
    ]);
    const document = await loadDocument({ bytes, fileName: 'handbook.docx' });
    expect(document.mimeType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(document.text).toBe(
      'Handbook\n\nWelcome to the team.\n\nHolidays\n\nYou get 25 days & public holidays.',
    );
    expect(document.title).toBe('Handbook');
    expect(document.sections).toEqual([
      { start: 0, level: 1, title: 'Handbook' },
      { start: document.text.indexOf('Holidays'), level: 2, title: 'Holidays' },
    ]);
  });

  it('reports a truncated docx as unprocessable', async () => {
    const bytes = await buildDocx([{ text: 'Some words in a document that will be cut short.' }]);
    const error = await failure(
      loadDocument({ bytes: bytes.slice(0, Math.floor(bytes.length / 2)), fileName: 'cut.docx' }),
    );
    expect(error.code).toBe('UNPROCESSABLE');
    expect(error.message).toMatch(/"cut.docx": The Word document could not be read.*re-save it/);
  });

  it('refuses other ZIP files as unsupported', async () => {
    const { default: JSZip } = await import('jszip');
    const zip = new JSZip();
    zip.file('readme.txt', 'inside');
    const bytes = await zip.generateAsync({ type: 'uint8array' });
    const error = await failure(loadDocument({ bytes, fileName: 'bundle.zip' }));
    expect(error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(error.message).toMatch(/ZIP archive.*Unpack it/);
  });
});
