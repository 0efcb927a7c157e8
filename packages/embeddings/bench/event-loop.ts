/**
 * Event-loop responsiveness while the embedder works: embeds the first N SciFact passages and reports the
 * main thread's event-loop delay (`monitorEventLoopDelay`) and how many 10 ms timer ticks got through.
 *
 *   npx tsx --conditions=lore-source packages/embeddings/bench/event-loop.ts [--limit 2000] [--dtype q8 --models-dir DIR]
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createTransformersEmbedder, type ModelDtype } from '@lore/embeddings';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const { values: flags } = parseArgs({
  options: {
    limit: { type: 'string', default: '2000' },
    dtype: { type: 'string', default: 'fp32' },
    'models-dir': {
      type: 'string',
      default: process.env.LORE_MODELS_DIR ?? resolve(root, '../shared/models'),
    },
    corpus: { type: 'string', default: resolve(root, '../shared/data/scifact/corpus.jsonl') },
  },
});

const texts = readFileSync(flags.corpus, 'utf8')
  .split('\n')
  .filter(Boolean)
  .slice(0, Number(flags.limit))
  .map((line) => {
    const { title, text } = JSON.parse(line) as { title: string; text: string };
    return `${title} ${text}`.split(/\s+/).slice(0, 100).join(' ');
  });

const embedder = createTransformersEmbedder({
  model: 'use-lite-en',
  modelsDir: flags['models-dir'],
  dtype: flags.dtype as ModelDtype,
});
await embedder.dimensions();

const histogram = monitorEventLoopDelay({ resolution: 5 });
let ticks = 0;
const timer = setInterval(() => {
  ticks += 1;
}, 10);
histogram.enable();
const started = performance.now();
await embedder.embed({ values: texts });
const seconds = (performance.now() - started) / 1000;
histogram.disable();
clearInterval(timer);
await embedder.close();

const ms = (ns: number) => (ns / 1e6).toFixed(1);
console.log(
  `${texts.length} texts (${flags.dtype}) in ${seconds.toFixed(2)} s = ${(texts.length / seconds).toFixed(0)} texts/s; ` +
    `event-loop delay max ${ms(histogram.max)} ms, p99 ${ms(histogram.percentile(99))} ms, mean ${ms(histogram.mean)} ms; ` +
    `10 ms ticks ${ticks} of ~${Math.floor((seconds * 1000) / 10)}`,
);
