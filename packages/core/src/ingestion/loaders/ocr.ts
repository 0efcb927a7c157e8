import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Worker } from 'tesseract.js';
import { LoreError } from '../../errors.js';
import type { LoadedDocument, OcrPage } from '../../spec/document.js';

/** How scanned pages and images are read. */
export interface OcrOptions {
  /** Off: scanned pages stay empty and images are refused. Default on unless `LORE_OCR=off`. */
  enabled?: boolean;
  /** Tesseract language codes; default `LORE_OCR_LANGS` (`eng+chi_sim`) or eng and chi_sim. */
  languages?: readonly string[];
  /** Largest image (width × height) read; default 25 megapixels. */
  maxPixels?: number;
  /** Time one page or image may take; default 60 s. */
  pageTimeoutMs?: number;
}

/** What OCR read from one image: its text and Tesseract's mean word confidence (0–100). */
export interface OcrResult {
  text: string;
  confidence: number;
  words: number;
}

const DEFAULT_MAX_PIXELS = 25_000_000;
const DEFAULT_TIMEOUT_MS = 60_000;

export function ocrEnabled(options: OcrOptions = {}): boolean {
  return options.enabled ?? !/^(off|false|0|no)$/i.test(process.env.LORE_OCR ?? '');
}

export function ocrLanguages(options: OcrOptions = {}): string[] {
  if (options.languages?.length) return [...options.languages];
  const fromEnv = process.env.LORE_OCR_LANGS?.split(/[+,\s]+/).filter(Boolean);
  return fromEnv?.length ? fromEnv : ['eng', 'chi_sim'];
}

export function ocrLimits(options: OcrOptions = {}): { maxPixels: number; pageTimeoutMs: number } {
  return {
    maxPixels: options.maxPixels ?? DEFAULT_MAX_PIXELS,
    pageTimeoutMs: options.pageTimeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
}

const require = createRequire(import.meta.url);

/**
 * Language data comes from the `@tesseract.js-data/<code>` npm packages (LSTM `best_int` models), read from
 * disk: tesseract.js takes one `langPath` for all languages, so a temporary folder links each package's file,
 * and `cacheMethod: 'none'` keeps it from writing a cache. (Passing the bytes as `{ code, data }` is broken in
 * tesseract.js 7: its initialise step joins the data instead of the codes.) Nothing is fetched.
 */
async function languageFolder(languages: readonly string[]): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'lore-ocr-'));
  for (const code of languages) {
    let file: string;
    try {
      file = join(
        dirname(require.resolve(`@tesseract.js-data/${code}/package.json`)),
        '4.0.0_best_int',
        `${code}.traineddata.gz`,
      );
    } catch (error) {
      await rm(folder, { recursive: true, force: true });
      throw new LoreError(
        'MODEL_UNAVAILABLE',
        `OCR language data for "${code}" is not installed; install the npm package @tesseract.js-data/${code} or set LORE_OCR_LANGS.`,
        { cause: error },
      );
    }
    await symlink(file, join(folder, `${code}.traineddata.gz`));
  }
  return folder;
}

/** One Tesseract worker per language set: created on first use, reused, terminated by `closeOcr`. */
let shared: { key: string; worker: Promise<Worker>; folder: Promise<string> } | undefined;

async function workerFor(languages: readonly string[]): Promise<Worker> {
  const key = languages.join('+');
  if (shared?.key === key) return shared.worker;
  await closeOcr();
  const folder = languageFolder(languages);
  const worker = (async () => {
    const { createWorker, OEM } = await import('tesseract.js');
    return createWorker([...languages], OEM.LSTM_ONLY, {
      langPath: await folder,
      cacheMethod: 'none',
      gzip: true,
      // Without a handler tesseract.js throws a failed job's error in its message listener, killing the process;
      // the job's own promise rejects with it all the same.
      errorHandler: () => {},
    });
  })();
  shared = { key, worker, folder };
  worker.catch(() => {
    if (shared?.worker === worker) shared = undefined;
  });
  return worker;
}

/** Terminates the OCR worker, if one was started. */
export async function closeOcr(): Promise<void> {
  const current = shared;
  shared = undefined;
  if (!current) return;
  await (await current.worker.catch(() => undefined))?.terminate();
  const folder = await current.folder.catch(() => undefined);
  if (folder) await rm(folder, { recursive: true, force: true });
}

/** Han characters carry no spaces between them; Tesseract puts one between every character. */
function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line
        .replace(
          /(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]) (?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])/g,
          '',
        )
        .replace(/[ \t]+/g, ' ')
        .trim(),
    )
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Reads the text of a PNG or JPEG image; throws UNPROCESSABLE for a corrupt, oversized or slow image. */
export async function recognize(image: Uint8Array, options: OcrOptions = {}): Promise<OcrResult> {
  const { pageTimeoutMs } = ocrLimits(options);
  const worker = await workerFor(ocrLanguages(options));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // The stuck worker cannot be interrupted: drop it so the next page gets a fresh one.
      void closeOcr();
      reject(new LoreError('UNPROCESSABLE', `OCR took longer than ${pageTimeoutMs / 1000} s on one page.`));
    }, pageTimeoutMs);
  });
  try {
    const { data } = await Promise.race([
      worker.recognize(Buffer.from(image.buffer, image.byteOffset, image.byteLength), {}, { blocks: true }),
      timeout,
    ]);
    const words = (data.blocks ?? []).flatMap((block) =>
      block.paragraphs.flatMap((paragraph) => paragraph.lines.flatMap((line) => line.words)),
    );
    const confidence = words.length
      ? words.reduce((sum, word) => sum + word.confidence, 0) / words.length
      : 0;
    return { text: tidy(data.text ?? ''), confidence, words: words.length };
  } catch (error) {
    if (LoreError.is(error)) throw error;
    throw new LoreError(
      'UNPROCESSABLE',
      `The image could not be read by OCR (${(error as Error)?.message ?? String(error)}); it is probably damaged.`,
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
  }
}

/** Width and height from a PNG or JPEG header, read before decoding so an oversized image costs nothing. */
export function imageSize(
  bytes: Uint8Array,
): { width: number; height: number; type: 'png' | 'jpeg' } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (
    bytes.length >= 24 &&
    bytes[0] === 0x89 &&
    bytes[1] === 0x50 &&
    bytes[12] === 0x49 &&
    bytes[15] === 0x52
  ) {
    return { width: view.getUint32(16), height: view.getUint32(20), type: 'png' };
  }
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1] ?? 0;
    if (marker === 0xff) {
      at++;
      continue;
    }
    const length = view.getUint16(at + 2);
    // SOF0–SOF15 except DHT (c4), JPG (c8) and DAC (cc) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: view.getUint16(at + 5), width: view.getUint16(at + 7), type: 'jpeg' };
    }
    at += 2 + length;
  }
  return undefined;
}

/** Checks an uploaded image's header and size, then reads it (and says its type); throws UNPROCESSABLE with the reason. */
export async function recognizeImage(
  bytes: Uint8Array,
  options: OcrOptions = {},
): Promise<OcrResult & { mimeType: 'image/png' | 'image/jpeg' }> {
  const size = imageSize(bytes);
  if (!size || size.width === 0 || size.height === 0) {
    throw new LoreError(
      'UNPROCESSABLE',
      'The image is damaged or incomplete (its header gives no size); re-export it as PNG or JPEG and upload it again.',
    );
  }
  const { maxPixels } = ocrLimits(options);
  if (size.width * size.height > maxPixels) {
    throw new LoreError(
      'UNPROCESSABLE',
      `The image is ${size.width}×${size.height} pixels, over the OCR limit of ${Math.round(maxPixels / 1e6)} megapixels; scale it down and upload it again.`,
    );
  }
  return { ...(await recognize(bytes, options)), mimeType: `image/${size.type}` };
}

/** Per-page and overall mean word confidence, the overall one weighted by each page's word count. */
export function ocrReport(pages: OcrPage[]): NonNullable<LoadedDocument['ocr']> {
  const words = pages.reduce((sum, page) => sum + page.words, 0);
  const confidence = words ? pages.reduce((sum, page) => sum + page.confidence * page.words, 0) / words : 0;
  return { confidence, pages };
}
