import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLore, LoreError, loadDocument } from '@lore/core';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromiumPath, launchChromium } from '../browser/support.js';
import { createTestEmbedder, createTestLore } from '../support/lore.js';

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

  test('a page that runs out of time fails alone: a page read at the same time keeps its text', async () => {
    // The first page gets 1 ms, far less than any recognition takes; the second one the default 60 s.
    const [late, onTime] = await Promise.allSettled([
      loadDocument({ bytes: englishPng, fileName: 'late.png', ocr: { pageTimeoutMs: 1 } }),
      loadDocument({ bytes: englishPng, fileName: 'on-time.png' }),
    ]);
    expect(late.status).toBe('rejected');
    expect(late.status === 'rejected' && String(late.reason)).toMatch(/late\.png.*OCR took longer than/);
    expect(onTime.status === 'fulfilled' && onTime.value.text).toMatch(/seventeen cormorants/i);
    // The next page gets a working OCR worker.
    expect((await loadDocument({ bytes: englishPng, fileName: 'after.png' })).text).toMatch(/lighthouse/i);
  }, 120_000);

  test('OCR settings come from the caller, never from the environment', async () => {
    const saved = { LORE_OCR: process.env.LORE_OCR, LORE_OCR_LANGS: process.env.LORE_OCR_LANGS };
    process.env.LORE_OCR = 'off';
    process.env.LORE_OCR_LANGS = 'xyz';
    try {
      // The environment says off, in an unknown language: the core does not read it and OCR stays on.
      expect((await loadDocument({ bytes: englishPng, fileName: 'note.png' })).text).toMatch(/cormorants/i);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  }, 60_000);

  test('createLore with OCR turned off refuses an image with a clear 415-kind error', async () => {
    expect(process.env.LORE_OCR).toBeUndefined();
    const refused = await loadDocument({
      bytes: englishPng,
      fileName: 'note.png',
      ocr: { enabled: false },
    }).catch((error: unknown) => error);
    expect(LoreError.is(refused) && refused.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(String(refused)).toMatch(/note\.png.*OCR, which is turned off/);

    const dataDir = await mkdtemp(join(tmpdir(), 'lore-ocr-off-'));
    const lore = await createLore({
      dataDir,
      embedder: createTestEmbedder(),
      workerOptions: { pollMs: 100 },
      ocr: { enabled: false },
    });
    try {
      await lore.collections.create({ name: 'no-ocr' });
      const { documents } = await lore.ingest({
        collection: 'no-ocr',
        documents: [{ bytes: englishPng, fileName: 'note.png' }],
        wait: true,
      });
      expect(documents[0]?.status).toBe('failed');
      expect(documents[0]?.error).toMatch(/OCR, which is turned off/);
    } finally {
      await lore.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
