import { createLoreClient } from '@lore/client';
import { expect, test } from 'vitest';

// The server closes an answer stream right after its `done` event. Cancelling the body at `done` raced that
// close: a browser then dropped the response (the web UI test read "No data found for resource" in CI).
test('askStream reads the answer stream to its end after `done` instead of cancelling it', async () => {
  let cancelled = false;
  let closed = false;
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encoder.encode('event: token\ndata: {"text":"Fifteen."}\n\n'));
      controller.enqueue(encoder.encode('event: done\ndata: {"answer":"Fifteen.","citations":[]}\n\n'));
      await new Promise((resolve) => setTimeout(resolve, 50)); // the close arrives a moment later
      if (!cancelled) {
        controller.close();
        closed = true;
      }
    },
    cancel() {
      cancelled = true;
    },
  });
  const client = createLoreClient({
    baseUrl: 'http://lore.test',
    fetch: async () => new Response(body, { headers: { 'content-type': 'text/event-stream' } }),
  });
  const seen: string[] = [];
  for await (const event of client.askStream({ collection: 'facts', question: 'How long?' }))
    seen.push(event.type);
  expect(seen).toEqual(['text-delta', 'done']);
  expect(cancelled).toBe(false);
  expect(closed).toBe(true);
});
