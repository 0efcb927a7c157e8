import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Worker } from 'tesseract.js';
import { LoreError } from '../../errors.js';
import type { LoadedDocument, OcrPage } from '../../spec/document.js';

/** How scanned pages and images are read; a settings object the caller fills (the API, from its environment). */
export interface OcrOptions {
  /** Off: scanned pages stay empty and images are refused. Default on. */
  enabled?: boolean;
  /** Tesseract language codes; default eng and chi_sim. */
  languages?: readonly string[];
  /** Largest image (width × height) read; default 25 megapixels. */
  maxPixels?: number;
  /** Time one page or image may take once it is on a worker; default 60 s. */
  pageTimeoutMs?: number;
}

/** What OCR read from one image: its text and Tesseract's mean word confidence (0–100). */
export interface OcrResult {
  text: string;
  confidence: number;
  words: number;
}

const DEFAULT_LANGUAGES = ['eng', 'chi_sim'];
const DEFAULT_MAX_PIXELS = 25_000_000;
const DEFAULT_TIMEOUT_MS = 60_000;

export function ocrEnabled(options: OcrOptions = {}): boolean {
  return options.enabled ?? true;
}

export function ocrLanguages(options: OcrOptions = {}): string[] {
  return [...(options.languages?.length ? options.languages : DEFAULT_LANGUAGES)];
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
        `OCR language data for "${code}" is not installed; install the npm package @tesseract.js-data/${code} or choose other languages (ocr.languages).`,
        { cause: error, settings: ['ocr.languages'] },
      );
    }
    await symlink(file, join(folder, `${code}.traineddata.gz`));
  }
  return folder;
}

interface StartedWorker {
  worker: Worker;
  folder: string;
}

async function startWorker(languages: readonly string[]): Promise<StartedWorker> {
  const folder = await languageFolder(languages);
  try {
    const { createWorker, OEM } = await import('tesseract.js');
    const worker = await createWorker([...languages], OEM.LSTM_ONLY, {
      langPath: folder,
      cacheMethod: 'none',
      gzip: true,
      // Without a handler tesseract.js throws a failed job's error in its message listener, killing the process;
      // the job's own promise rejects with it all the same.
      errorHandler: () => {},
    });
    return { worker, folder };
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
}

async function stopWorker(started: Promise<StartedWorker> | undefined): Promise<void> {
  const current = await started?.catch(() => undefined);
  if (!current) return;
  await current.worker.terminate();
  await rm(current.folder, { recursive: true, force: true });
}

/**
 * One lane per language set: a Tesseract worker, started on first use and reused, that reads one page at a
 * time. A Tesseract worker queues the jobs sent to it and cannot be interrupted, so a page that times out
 * has its worker terminated; because pages take turns, no other page was on that worker, and the next
 * page starts a fresh one.
 */
interface Lane {
  languages: readonly string[];
  worker: Promise<StartedWorker> | undefined;
  /** Settles when the page whose turn it is now (and every page before it) is done. */
  turn: Promise<void>;
}

const lanes = new Map<string, Lane>();

function laneFor(languages: readonly string[]): Lane {
  const key = languages.join('+');
  let lane = lanes.get(key);
  if (!lane) {
    lane = { languages, worker: undefined, turn: Promise.resolve() };
    lanes.set(key, lane);
  }
  return lane;
}

/** Runs `task` when the lane's pages before it are done; the lane is free again when it settles. */
async function inTurn<T>(lane: Lane, task: () => Promise<T>): Promise<T> {
  const previous = lane.turn;
  let done = () => {};
  lane.turn = new Promise((resolve) => {
    done = resolve;
  });
  await previous;
  try {
    return await task();
  } finally {
    done();
  }
}

function workerOf(lane: Lane): Promise<StartedWorker> {
  if (!lane.worker) {
    const started = startWorker(lane.languages);
    lane.worker = started;
    // A worker that failed to start is forgotten, so the next page tries again.
    started.catch(() => {
      if (lane.worker === started) lane.worker = undefined;
    });
  }
  return lane.worker;
}

/** Terminates the OCR workers once the pages they are reading are done; a later page starts a new one. */
export async function closeOcr(): Promise<void> {
  await Promise.all(
    [...lanes.values()].map((lane) =>
      inTurn(lane, async () => {
        const started = lane.worker;
        lane.worker = undefined;
        await stopWorker(started);
      }),
    ),
  );
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
  const lane = laneFor(ocrLanguages(options));
  return inTurn(lane, async () => {
    const started = workerOf(lane);
    const { worker } = await started;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // Only this page is on the worker (pages take turns): terminate it, and the next page gets a fresh one.
        if (lane.worker === started) lane.worker = undefined;
        void stopWorker(started);
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
  });
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
