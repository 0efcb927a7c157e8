import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadDocument } from '@lore/core';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromiumPath, launchChromium } from '../browser/support.js';
import { createTestLore } from '../support/lore.js';

const hasChromium = existsSync(chromiumPath);
/** Chromium draws Chinese only with a CJK font installed; without one the page would be boxes. */
const hasCjkFont = (() => {
  try {
    return execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).trim() !== '';
  } catch {
    return false;
  }
})();

const english = ['Scanned Report', 'The lighthouse keeper counted', 'seventeen cormorants on Tuesday.'];
const chinese = ['扫描报告', '灯塔看守人在星期二', '数到了十七只鸬鹚。'];

/** A "scan": a screenshot of black text on white, as a PNG. */
async function screenshot(browser: Browser, lines: string[]): Promise<Buffer> {
  const page = await browser.newPage({ viewport: { width: 700, height: 260 } });
  try {
    const body = lines.map((line) => `<p>${line}</p>`).join('');
    await page.setContent(
      `<html><body style="margin:40px;background:#fff;color:#000;font:32px sans-serif">${body}</body></html>`,
    );
    return await page.screenshot({ type: 'png' });
  } finally {
    await page.close();
  }
}

/** A PDF with no text layer: page 1 is text, page 2 only the scanned image. */
async function pdfWithScannedPage(png: Buffer): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.addPage([595, 842]).drawText('A typed cover page about harbours.', { x: 50, y: 780, size: 12, font });
  const image = await pdf.embedPng(png);
  const page = pdf.addPage([595, 842]);
  const { width, height } = image.scale(595 / image.width);
  page.drawImage(image, { x: 0, y: 842 - height, width, height });
  return Buffer.from(await pdf.save());
}

describe.skipIf(!hasChromium)('OCR of scanned pages and images', () => {
  let browser: Browser;
  let env: Awaited<ReturnType<typeof createTestLore>>;
  let englishPng: Buffer;

  beforeAll(async () => {
    browser = await launchChromium();
    englishPng = await screenshot(browser, english);
    env = await createTestLore('pglite');
    await env.lore.collections.create({ name: 'scans' });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await env?.cleanup();
  });

  test('a PNG upload is read by OCR, found by keyword search, with its confidence', async () => {
    const { documents } = await env.lore.ingest({
      collection: 'scans',
      documents: [{ bytes: englishPng, fileName: 'note.png' }],
      wait: true,
    });
    expect(documents[0]?.status).toBe('indexed');
    const hits = await env.lore.search({ collection: 'scans', query: 'cormorants', mode: 'keyword' });
    const hit = hits.find((result) => result.documentId === documents[0]?.id);
    expect(hit?.text).toMatch(/cormorants/i);
    expect(hit?.page).toBe(1);
  }, 120_000);

  test('a PDF page with no text layer is OCRed on its own page; the text page keeps its text layer', async () => {
    const bytes = await pdfWithScannedPage(englishPng);
    const loaded = await loadDocument({ bytes, fileName: 'report.pdf' });
    const [typedPage, scannedPage] = loaded.pages ?? [];
    expect(loaded.text.slice(typedPage?.start, typedPage?.end)).toBe('A typed cover page about harbours.');
    expect(loaded.text.slice(scannedPage?.start, scannedPage?.end)).toMatch(/seventeen cormorants/i);
    // Only the scanned page went through OCR, and its confidence is reported.
    expect(loaded.ocr?.pages.map((page) => page.page)).toEqual([2]);
    expect(loaded.ocr?.confidence).toBeGreaterThan(50);

    const { documents } = await env.lore.ingest({
      collection: 'scans',
      documents: [{ bytes, fileName: 'report.pdf' }],
      wait: true,
    });
    const id = documents[0]?.id ?? '';
    expect(documents[0]?.status).toBe('indexed');
    const hits = await env.lore.search({
      collection: 'scans',
      query: 'lighthouse cormorants',
      mode: 'keyword',
    });
    const scanned = hits.find((result) => result.documentId === id);
    expect(scanned?.text).toMatch(/lighthouse/i);
    // The stored text is the OCR text and the citation offsets point into it.
    const stored = await env.lore.documents.content(id);
    expect(stored).toMatch(/seventeen cormorants/i);
    expect(stored.slice(scanned?.start, scanned?.end)).toBe(scanned?.text);
    // The OCR confidence is recorded in the document's metadata, for the scanned page only.
    const record = await env.lore.documents.get(id);
    const ocr = record.metadata.ocr as { confidence: number; pages: { page: number }[] };
    expect(ocr.pages.map((page) => page.page)).toEqual([2]);
    expect(ocr.confidence).toBeGreaterThan(50);
  }, 120_000);

  test('a corrupt PNG fails with a clear reason and the server stays up', async () => {
    const broken = Buffer.concat([englishPng.subarray(0, 64), Buffer.alloc(64, 7)]);
    await expect(loadDocument({ bytes: broken, fileName: 'broken.png' })).rejects.toThrow(
      /could not be read by OCR/,
    );
    const { documents } = await env.lore.ingest({
      collection: 'scans',
      documents: [{ bytes: broken, fileName: 'broken.png' }],
      wait: true,
    });
    expect(documents[0]?.status).toBe('failed');
    expect(documents[0]?.error).toMatch(/image/i);
  }, 60_000);

  test.skipIf(!hasCjkFont)(
    'a Chinese scan is read with chi_sim',
    async () => {
      const png = await screenshot(browser, chinese);
      const { documents } = await env.lore.ingest({
        collection: 'scans',
        documents: [{ bytes: png, fileName: 'zh.png' }],
        wait: true,
      });
      expect(documents[0]?.status).toBe('indexed');
      const hits = await env.lore.search({ collection: 'scans', query: '鸬鹚', mode: 'keyword' });
      expect(hits.some((result) => result.documentId === documents[0]?.id)).toBe(true);
    },
    120_000,
  );
});
