/**
 * Talk to a running Lore server with the typed client (works the same in a browser).
 *
 *   npm start                                   # in another terminal: the server on :8787
 *   LORE_URL=http://127.0.0.1:8787 npx tsx examples/client/main.ts
 *
 * LORE_API_KEY is sent as a bearer token when the server requires keys.
 */
import { createLoreClient, LoreApiError } from '@lore/client';

const lore = createLoreClient({
  baseUrl: process.env.LORE_URL ?? 'http://127.0.0.1:8787',
  apiKey: process.env.LORE_API_KEY,
});
const collection = `client-example-${Date.now()}`;

await lore.collections.create({ name: collection });
try {
  const file = new TextEncoder().encode(
    'The domestic cat sleeps for about fifteen hours a day. At night it hunts mice and small birds.',
  );
  const { documents } = await lore.ingest({
    collection,
    documents: [
      { bytes: file, fileName: 'cats.txt', mimeType: 'text/plain' },
      { text: 'A rocket engine burns liquid hydrogen with liquid oxygen.', title: 'Rockets' },
    ],
    wait: true,
  });
  for (const document of documents) console.log(`${document.status} ${document.title}`);

  const [best] = await lore.search({ collection, query: 'what fuel does a rocket use', topK: 1 });
  console.log(`Search: ${best?.title} (${best?.score.toFixed(3)})`);

  // The answer streams token by token; citations arrive once the text is complete.
  process.stdout.write('Answer: ');
  for await (const event of lore.askStream({
    collection,
    question: 'How many hours a day does a cat sleep?',
    sampling: { temperature: 0, maxTokens: 48 },
  })) {
    if (event.type === 'text-delta') process.stdout.write(event.text);
    if (event.type === 'citations') {
      process.stdout.write('\n');
      for (const citation of event.citations)
        console.log(`[${citation.marker}] ${citation.title}: ${citation.text}`);
    }
  }

  // Errors carry the API's code and the HTTP status.
  await lore.documents.get('00000000-0000-0000-0000-000000000000').catch((error: unknown) => {
    if (error instanceof LoreApiError) console.log(`Error: ${error.code} ${error.status}`);
  });
} finally {
  await lore.collections.delete(collection);
}
