import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromiumPath, type LoreServer, launchChromium, screenshotsDir, startLoreServer } from './support.js';

const cats =
  'The domestic cat sleeps for about fifteen hours a day. At night it hunts mice and small birds in the garden.';
const rockets =
  'A rocket engine burns liquid hydrogen with liquid oxygen. The exhaust leaves the nozzle very fast.';

const hasChromium = existsSync(chromiumPath);
if (!hasChromium && !process.env.CI) {
  console.warn(`Skipping the browser tests: no Chromium at ${chromiumPath} (apt-get install -y chromium).`);
}

const file = (name: string, text: string, mimeType = 'text/plain') => ({
  name,
  mimeType,
  buffer: Buffer.from(text),
});

/** Creates a collection through the sidebar form; the UI then shows its documents. */
async function createCollection(page: Page, name: string) {
  await page.getByLabel('New collection name').fill(name);
  await page.getByRole('button', { name: 'Create' }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Documents' }).isVisible()).toBe(true);
}

/** A real two-page PDF, one line per page. */
async function twoPagePdf(first: string, second: string): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const line of [first, second])
    pdf.addPage([595, 842]).drawText(line, { x: 50, y: 780, size: 12, font });
  return Buffer.from(await pdf.save());
}

/** Runs in the page (a string: the tests compile without DOM types): every length the answer takes. */
const recordAnswerLengths = `
  window.answerLengths = [];
  new MutationObserver(() => {
    const answers = document.querySelectorAll('.message.assistant .answer-text');
    const length = answers[answers.length - 1]?.textContent?.length ?? 0;
    if (length > 0 && window.answerLengths.at(-1) !== length) window.answerLengths.push(length);
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
`;

/** Sets the longest answer, in tokens, through the settings panel. */
async function setLongestAnswer(page: Page, tokens: number) {
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Longest answer (tokens)').fill(String(tokens));
  await page.getByRole('button', { name: 'Save' }).click();
}

/** The status a document row shows, by its title. */
const documentRow = (page: Page, title: string) => page.locator('li.document', { hasText: title });

describe.skipIf(!hasChromium && !process.env.CI)('the web UI in Chromium', () => {
  let server: LoreServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startLoreServer(), launchChromium()]);
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    // Short, greedy answers keep the CPU-only test model quick; they also go through the settings store.
    await context.addInitScript({
      content: `localStorage.setItem('lore.settings', '${JSON.stringify({ temperature: 0, maxTokens: 40, topK: 5 })}')`,
    });
    page = await context.newPage();
    await page.goto(server.url);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('upload, index, ask: a streamed answer cites a source whose span is highlighted', async () => {
    await createCollection(page, 'facts');
    await page
      .getByLabel('Upload documents')
      .setInputFiles([file('cats.txt', cats), file('rockets.txt', rockets)]);
    for (const title of ['cats.txt', 'rockets.txt']) {
      await expect
        .poll(() => documentRow(page, title).getAttribute('data-status'), { timeout: 90_000 })
        .toBe('indexed');
    }
    await page.screenshot({ path: join(screenshotsDir, 'documents.png') });

    await page.getByRole('button', { name: 'Chat', exact: true }).click();
    const conversation = page.getByRole('log', { name: 'Conversation' });
    await page.evaluate(recordAnswerLengths);
    await page.getByLabel('Ask a question').fill('How many hours a day does a cat sleep?');
    const asked = page.waitForResponse((response) => response.url().endsWith('/ask'));
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Stop' }).isVisible()).toBe(true);
    const citation = conversation.getByRole('button', { name: /^\[\d+\] cats\.txt/ }).first();
    await citation.waitFor({ timeout: 240_000 });
    await page.getByRole('button', { name: 'Send' }).waitFor({ timeout: 120_000 });

    const answer = (await conversation.locator('.message.assistant').last().textContent()) ?? '';
    expect(answer).toMatch(/fifteen/i);
    const lengths = (await page.evaluate('window.answerLengths')) as number[];
    expect(lengths.length).toBeGreaterThan(2); // tokens arrived one after another, not as one block
    await page.screenshot({ path: join(screenshotsDir, 'chat.png') });
    // The span the server cited for that marker, from the event stream the page read.
    const stream = await (await asked).text();
    const cited = JSON.parse(/event: citations\ndata: (.*)/.exec(stream)?.[1] ?? '[]') as {
      marker: number;
      start: number;
      end: number;
    }[];
    const marker = Number(
      /^\[(\d+)\]/.exec(
        (await citation.getAttribute('aria-label')) ?? (await citation.textContent()) ?? '',
      )?.[1],
    );
    const span = cited.find((entry) => entry.marker === marker);
    expect(span).toBeDefined();

    await citation.click();
    const viewer = page.getByRole('dialog', { name: /cats\.txt/ });
    await viewer.waitFor();
    const highlighted = (await viewer.locator('mark').textContent()) ?? '';
    expect(highlighted.length).toBeGreaterThan(10);
    expect(highlighted).toBe(cats.slice(span?.start, span?.end));
    expect(await viewer.locator('.source-text').textContent()).toBe(cats);
    await page.screenshot({ path: join(screenshotsDir, 'citation.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => viewer.isVisible()).toBe(false);
  }, 400_000);

  test('under the answer, a collapsed panel lists every retrieved passage with its scores and whether it was cited', async () => {
    const conversation = page.getByRole('log', { name: 'Conversation' });
    const panel = conversation.locator('.message.assistant').last().locator('details.retrieved');
    const summary = panel.locator('summary');
    expect(await summary.textContent()).toMatch(/^Retrieved passages \(\d+\)$/);
    expect(await panel.locator('ol').isVisible()).toBe(false); // collapsed until opened
    await summary.click();
    const rows = panel.locator('li');
    const count = Number(/\((\d+)\)/.exec((await summary.textContent()) ?? '')?.[1]);
    expect(await rows.count()).toBe(count);
    expect(count).toBeGreaterThan(0);
    // Hybrid search: each passage shows its fused score, and the cats passage was cited with its support.
    for (const text of await panel.locator('.scores').allTextContents()) expect(text).toMatch(/fused -?\d/);
    const catsRow = panel.locator('li.cited', { hasText: 'cats.txt' });
    expect(await catsRow.locator('.tag').textContent()).toMatch(/^cited · support \d\.\d\d$/);
    expect(await catsRow.locator('.snippet').textContent()).toContain('fifteen hours');
    await page.screenshot({ path: join(screenshotsDir, 'retrieved-sources.png') });
  });

  test('chats are kept: a new chat starts clean and the old one reopens with its citations', async () => {
    await page.getByRole('button', { name: 'New chat' }).click();
    const conversation = page.getByRole('log', { name: 'Conversation' });
    await expect.poll(() => conversation.locator('.message').count()).toBe(0);
    await page.getByRole('button', { name: 'How many hours a day does a cat sleep?', exact: true }).click();
    await expect.poll(() => conversation.locator('.message').count()).toBe(2);
    expect(await conversation.getByRole('button', { name: /^\[\d+\] cats\.txt/ }).count()).toBeGreaterThan(0);
  });

  test('the chat list comes from the server: a fresh browser (no localStorage) lists and opens the chat', async () => {
    // The first page keeps no chats of its own in localStorage any more.
    const stored = (await page.evaluate('Object.keys(localStorage)')) as string[];
    expect(stored.filter((key) => key.startsWith('lore.chats'))).toEqual([]);
    const fresh = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    try {
      const other = await fresh.newPage();
      await other.goto(server.url);
      await other.getByRole('button', { name: 'facts', exact: true }).click();
      await other.getByRole('button', { name: 'Chat', exact: true }).click();
      const listed = other.getByRole('button', {
        name: 'How many hours a day does a cat sleep?',
        exact: true,
      });
      await listed.waitFor();
      await listed.click();
      const conversation = other.getByRole('log', { name: 'Conversation' });
      await expect.poll(() => conversation.locator('.message').count()).toBe(2);
      expect(await conversation.locator('.message.user').textContent()).toBe(
        'How many hours a day does a cat sleep?',
      );
    } finally {
      await fresh.close();
    }
  });

  test('deleting a chat removes it from the server, so a reload no longer lists it', async () => {
    await page.getByRole('button', { name: 'New chat' }).click();
    await page.getByLabel('Ask a question').fill('Which chat will be deleted?');
    await page.getByRole('button', { name: 'Send' }).click();
    // The chat exists once asked. Its short answer (40 tokens) is let finish: clicking Stop here
    // would race the answer's end, and Send comes back in the same place once it is done.
    const conversation = page.getByRole('log', { name: 'Conversation' });
    await conversation.locator('.message.assistant').waitFor();
    await page.getByRole('button', { name: 'Send' }).waitFor({ timeout: 240_000 });
    const title = 'Which chat will be deleted?';
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: `Delete chat ${title}` }).click();
    await expect.poll(() => page.getByRole('button', { name: title, exact: true }).count()).toBe(0);
    await page.reload();
    await page.getByRole('button', { name: 'How many hours a day does a cat sleep?', exact: true }).waitFor();
    expect(await page.getByRole('button', { name: title, exact: true }).count()).toBe(0);
  }, 300_000);

  test('Stop cancels a streaming answer and frees the model for the next question', async () => {
    // A long answer, so that Stop lands while it streams and not after its end.
    await setLongestAnswer(page, 400);
    await page.getByRole('button', { name: 'New chat' }).click();
    await page.getByLabel('Ask a question').fill('What does a rocket engine burn?');
    await page.getByRole('button', { name: 'Send' }).click();
    const stop = page.getByRole('button', { name: 'Stop' });
    await stop.waitFor();
    await page.locator('.message.assistant[aria-busy="true"]').waitFor({ timeout: 240_000 });
    await stop.click();
    const conversation = page.getByRole('log', { name: 'Conversation' });
    await conversation.getByText('Stopped.').waitFor();
    expect(await page.getByRole('button', { name: 'Send' }).isVisible()).toBe(true);
    await setLongestAnswer(page, 40);
    // The slot is free again: a new chat's question gets its cited answer.
    await page.getByRole('button', { name: 'New chat' }).click();
    await page.getByLabel('Ask a question').fill('What does a rocket engine burn?');
    await page.getByLabel('Ask a question').press('Enter'); // the keyboard sends too
    await conversation
      .getByRole('button', { name: /^\[\d+\] rockets\.txt/ })
      .first()
      .waitFor({ timeout: 240_000 });
  }, 400_000);

  test('search shows the chunks with scores for the chosen mode', async () => {
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByLabel('Search query').fill('liquid hydrogen');
    await page.getByLabel('Mode').selectOption('keyword');
    await page.locator('form').getByRole('button', { name: 'Search' }).click();
    const first = page.locator('.result').first();
    await first.waitFor();
    expect(await first.textContent()).toContain('rockets.txt');
    expect(await first.locator('.score').textContent()).toMatch(/score \d\.\d{3}/);
    expect(await page.getByText(/results · Keyword/).isVisible()).toBe(true);
    await page.screenshot({ path: join(screenshotsDir, 'search.png') });

    // Rerank on in the settings: the search request carries it and the results still come.
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Rerank retrieved chunks').check();
    await page.getByRole('button', { name: 'Save' }).click();
    const answered = page.waitForResponse((response) => response.url().endsWith('/search'), {
      timeout: 120_000,
    });
    await page.locator('form').getByRole('button', { name: 'Search' }).click();
    const response = await answered;
    expect(response.request().postDataJSON()).toMatchObject({ rerank: true, mode: 'keyword' });
    expect(response.status()).toBe(200);
    await page.getByRole('button', { name: 'Search', exact: true }).first().waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await page.locator('.result').first().textContent()).toContain('rockets.txt');
  }, 200_000);

  test('a corrupt file shows its error while the files beside it index', async () => {
    await createCollection(page, 'mixed');
    await page
      .getByLabel('Upload documents')
      .setInputFiles([
        file('good-one.txt', cats),
        file('broken.pdf', '%PDF-1.7\nthis is not really a pdf', 'application/pdf'),
        file('good-two.md', `# Rockets\n\n${rockets}`, 'text/markdown'),
      ]);
    await expect
      .poll(() => documentRow(page, 'broken.pdf').getAttribute('data-status'), { timeout: 90_000 })
      .toBe('failed');
    expect(await documentRow(page, 'broken.pdf').locator('.document-error').textContent()).toMatch(
      /could not be read/,
    );
    for (const title of ['good-one.txt', 'good-two.md']) {
      await expect
        .poll(() => documentRow(page, title).getAttribute('data-status'), { timeout: 90_000 })
        .toBe('indexed');
    }
    await page.screenshot({ path: join(screenshotsDir, 'upload-errors.png') });
  });

  test('a PDF hit shows its page, and opening it highlights the chunk on that page', async () => {
    await createCollection(page, 'report');
    const pdf = await twoPagePdf(
      'Quarterly sales rose in spring.',
      'The lighthouse keeper lit the lamp at dusk.',
    );
    await page
      .getByLabel('Upload documents')
      .setInputFiles([{ name: 'report.pdf', mimeType: 'application/pdf', buffer: pdf }]);
    await expect
      .poll(() => documentRow(page, 'report.pdf').getAttribute('data-status'), { timeout: 90_000 })
      .toBe('indexed');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByLabel('Search query').fill('lighthouse keeper');
    await page.getByLabel('Mode').selectOption('keyword');
    await page.locator('form').getByRole('button', { name: 'Search' }).click();
    await page
      .getByRole('button', { name: /report\.pdf · page \d/ })
      .first()
      .click();
    const viewer = page.getByRole('dialog', { name: /report\.pdf · page \d/ });
    await viewer.waitFor();
    expect(await viewer.locator('mark').textContent()).toContain('lighthouse keeper');
    await page.keyboard.press('Escape');
  });

  test('the interface switches to Chinese and back', async () => {
    await page.getByLabel('Language', { exact: true }).selectOption('zh');
    await page.getByRole('button', { name: '对话', exact: true }).click();
    expect(await page.getByRole('button', { name: '发送' }).isVisible()).toBe(true);
    expect(await page.evaluate('document.documentElement.lang')).toBe('zh-CN');
    await page.screenshot({ path: join(screenshotsDir, 'chat-zh.png') });
    await page.getByLabel('语言', { exact: true }).selectOption('en');
    expect(await page.getByRole('button', { name: 'Send' }).isVisible()).toBe(true);
  });

  test('on a phone-sized dark screen the page has no sideways scroll', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    const background = await page.evaluate('getComputedStyle(document.body).backgroundColor');
    expect(background).toBe('rgb(22, 24, 29)');
    await page.screenshot({ path: join(screenshotsDir, 'phone-dark.png'), fullPage: true });
  });
});
