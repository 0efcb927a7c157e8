/**
 * OCR speed and accuracy on pages rendered here: Chromium screenshots English (and, when a CJK font is
 * installed, Chinese) text to PNG; each is read as an image upload and as the only page of a PDF.
 * Prints milliseconds per page and character accuracy (1 − edit distance / reference length, whitespace ignored).
 *   npm run bench:ocr
 */
import { execFileSync } from 'node:child_process';
import { loadDocument } from '@lore/core';
import { PDFDocument } from 'pdf-lib';
import { closeOcr } from '../../packages/core/src/ingestion/loaders/ocr.js';
import { launchChromium } from '../browser/support.js';

const pages: Record<'en' | 'zh', string[]> = {
  en: [
    'The harbour master kept a ledger of every ship that entered the bay. In the winter of 1887 the ledger records forty-two arrivals, most of them fishing boats.',
    'Lighthouses were automated across the coast during the 1980s. Keepers moved inland, and their cottages became museums, hostels or holiday homes.',
    'A tide table lists the times of high and low water for each day. Sailors use it to plan when a boat can cross the sandbar at the mouth of the river.',
  ],
  zh: [
    '港务长把每一艘进入海湾的船都记在账本上。一八八七年冬天，账本记录了四十二次到港，大多数是渔船。',
    '二十世纪八十年代，沿海的灯塔陆续实现了自动化。看守人搬到内陆，他们的小屋变成了博物馆和旅馆。',
  ],
};

const hasCjkFont = execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).trim() !== '';

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

const squash = (text: string) => text.replace(/\s+/g, '');
const accuracy = (read: string, reference: string) =>
  Math.max(0, 1 - distance(squash(read), squash(reference)) / squash(reference).length);

const browser = await launchChromium();
try {
  // Warm-up: the first call starts the worker and loads eng+chi_sim.
  let started = performance.now();
  const page = await browser.newPage({ viewport: { width: 1000, height: 400 } });
  const shot = async (text: string) => {
    await page.setContent(
      `<body style="margin:40px;background:#fff;color:#000;font:28px/1.4 sans-serif;width:900px">${text}</body>`,
    );
    return page.screenshot({ type: 'png' });
  };
  await loadDocument({ bytes: await shot('Warm up.'), fileName: 'warm.png' });
  console.log(`worker start + language load (eng+chi_sim): ${Math.round(performance.now() - started)} ms`);
  for (const language of ['en', 'zh'] as const) {
    if (language === 'zh' && !hasCjkFont) {
      console.log(
        'zh: skipped, no CJK font installed for Chromium to draw Chinese (fc-list :lang=zh is empty)',
      );
      continue;
    }
    const times = { image: [] as number[], pdf: [] as number[] };
    const scores = { image: [] as number[], pdf: [] as number[] };
    for (const text of pages[language]) {
      const png = await shot(text);
      started = performance.now();
      const image = await loadDocument({ bytes: png, fileName: 'page.png' });
      times.image.push(performance.now() - started);
      scores.image.push(accuracy(image.text, text));
      const pdf = await PDFDocument.create();
      const embedded = await pdf.embedPng(png);
      pdf.addPage([embedded.width * 0.72, embedded.height * 0.72]).drawImage(embedded, {
        x: 0,
        y: 0,
        width: embedded.width * 0.72,
        height: embedded.height * 0.72,
      });
      const bytes = await pdf.save();
      started = performance.now();
      const scanned = await loadDocument({ bytes, fileName: 'page.pdf' });
      times.pdf.push(performance.now() - started);
      scores.pdf.push(accuracy(scanned.text, text));
    }
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    for (const kind of ['image', 'pdf'] as const) {
      console.log(
        `${language} ${kind.padEnd(5)} pages=${times[kind].length} ms/page=${Math.round(mean(times[kind]))} char accuracy=${(100 * mean(scores[kind])).toFixed(1)}%`,
      );
    }
  }
  await page.close();
} finally {
  await browser.close();
  await closeOcr();
}
