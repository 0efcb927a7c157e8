import { existsSync } from 'node:fs';
import { createLoreClient } from '@lore/client';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromiumPath, type LoreServer, launchChromium, startLoreServer } from './support.js';

const hasChromium = existsSync(chromiumPath);

// One slot and no queue: while another caller's answer holds the model, an ask is refused with
// OVERLOADED after its stream has begun (its sources are sent), so the refusal is the stream's `error` event.
describe.skipIf(!hasChromium && !process.env.CI)('the web UI when an answer stream fails', () => {
  let server: LoreServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startLoreServer({ LORE_LLM_SLOTS: '1', LORE_LLM_MAX_QUEUE: '0' }),
      launchChromium(),
    ]);
    const client = createLoreClient({ baseUrl: server.url });
    await client.collections.create({ name: 'facts' });
    await client.ingest({
      collection: 'facts',
      documents: [{ text: 'The domestic cat sleeps for about fifteen hours a day.', title: 'cats.txt' }],
      wait: true,
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the error event’s message is shown and the answer stops waiting', async () => {
    // Another caller holds the only slot with a long answer of its own, read until it streams.
    const [chatModel] = await createLoreClient({ baseUrl: server.url }).models(); // chat model first
    const holder = new AbortController();
    const other = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: chatModel?.id,
        messages: [{ role: 'user', content: 'Count from 1 to 500, separated by commas.' }],
        max_tokens: 1_500,
        stream: true,
      }),
      signal: holder.signal,
    });
    expect(other.status).toBe(200);
    const reader = other.body?.getReader();
    await reader?.read();
    try {
      const page = await browser.newPage({ locale: 'en-US' });
      await page.goto(server.url);
      await page.getByLabel('Ask a question').fill('How many hours a day does a cat sleep?');
      await page.getByRole('button', { name: 'Send' }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor({ timeout: 60_000 });
      expect(await alert.textContent()).toMatch(/busy/i);
      // The answer no longer shows "Searching the documents…", and the composer is ready for the next question.
      const conversation = page.getByRole('log', { name: 'Conversation' });
      expect(await conversation.locator('.message.assistant').count()).toBe(1);
      expect(await conversation.getByText('Searching the documents…').count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Send' }).isVisible()).toBe(true);
    } finally {
      holder.abort();
      await reader?.cancel().catch(() => {});
    }
  }, 240_000);
});
