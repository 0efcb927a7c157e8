// npm run eval:answers:whole-document [-- --first-token-seconds 30 --limit N --only wd-zh-1,… --model PATH]
// Whole-document questions (whole-document.jsonl) over one English guide (the six docs-en documents as sections of
// one document) and the seeds-zh documents, each asked twice through Lore's real answer path (e5 embedder, a GGUF
// instruct model on the CPU): scope `document` (map-reduce within the time budget) and scope `chunks` (the plain
// top-k ask). Prints, per question and mode: time to first token, total time, coverage (chunks read of the
// document's), how many of the document's sections the answer names (key phrases per section), distinct chunks
// cited; and for the zh questions whether the best-ranked document (the default without documentId) is the one meant.
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createLore } from '@lore/core';
import { createTransformersEmbedder } from '@lore/embeddings';
import { createLlamaCppModel } from '@lore/llm';
import { ensureCollection } from './dev-set.js';

const here = import.meta.dirname;
const models = '/root/.cache/lore/models';
const { values } = parseArgs({
  options: {
    'first-token-seconds': { type: 'string', default: '30' },
    'max-tokens': { type: 'string', default: '256' },
    limit: { type: 'string' },
    /** Only the questions with these ids (comma-separated). */
    only: { type: 'string' },
    model: {
      type: 'string',
      default: process.env.LORE_EVAL_LLM_MODEL ?? join(models, 'qwen2.5-coder-0.5b-instruct-q4_k_m.gguf'),
    },
    'embedding-model': { type: 'string', default: 'multilingual-e5-small-q4' },
    'models-dir': { type: 'string', default: models },
    'data-dir': { type: 'string', default: join(tmpdir(), 'lore-eval-whole-document') },
    'seeds-zh': { type: 'string', default: resolve(here, '../../../../shared/data/seeds-zh') },
    'context-size': { type: 'string', default: '8192' },
    verbose: { type: 'boolean', default: false },
  },
});

interface WholeQuestion {
  id: string;
  set: 'en' | 'zh';
  question: string;
  /** The seeds-zh file the question is about (en: the guide, the collection's only document). */
  document?: string;
  /** Per section of the document, phrases of which one in the answer shows the section was drawn on. */
  sections: string[][];
}

const questions = (await readFile(join(here, 'whole-document.jsonl'), 'utf8'))
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as WholeQuestion)
  .filter((question) => !values.only || values.only.split(',').includes(question.id))
  .slice(0, values.limit ? Number(values.limit) : undefined);

const embedder = createTransformersEmbedder({
  model: values['embedding-model'],
  modelsDir: values['models-dir'],
});
const languageModel = createLlamaCppModel({
  model: values.model,
  contextSize: Number(values['context-size']),
  gpu: false,
});
const lore = await createLore({ dataDir: values['data-dir'], embedder, languageModel });

const sections = ['lighthouse', 'ferry', 'bakery', 'festival', 'lifeboat', 'observatory'];
const guide = (
  await Promise.all(sections.map((name) => readFile(join(here, 'docs-en', `${name}.md`), 'utf8')))
).join('\n\n');
await ensureCollection(lore, 'guide', [{ text: guide, title: 'Brindle Harbor guide', fileName: 'guide.md' }]);
const zhNames = (await readdir(values['seeds-zh'])).filter((name) => name.endsWith('.txt')).sort();
await ensureCollection(
  lore,
  'zh',
  await Promise.all(
    zhNames.map(async (name) => ({
      title: name,
      text: await readFile(join(values['seeds-zh'], name), 'utf8'),
    })),
  ),
);
const zhIds = new Map((await lore.documents.list('zh')).map((document) => [document.title, document.id]));

await languageModel.countTokens('warm up');
await lore.search({ collection: 'zh', query: 'warm up', topK: 1 });
const budget = Number(values['first-token-seconds']);
console.log(
  `model ${values.model}, embedder ${values['embedding-model']}, document budget ${budget} s, ${questions.length} questions`,
);

const norm = (text: string) => text.normalize('NFKC').toLowerCase();
const rows: string[] = [];
const totals = { document: [] as number[][], chunks: [] as number[][] };
for (const question of questions) {
  const collection = question.set === 'en' ? 'guide' : 'zh';
  const documentId = question.document ? zhIds.get(question.document) : undefined;
  if (question.document) {
    const [best] = await lore.search({ collection, query: question.question, topK: 1 });
    console.log(
      `${question.id}: best-ranked document ${best?.title} (${best?.documentId === documentId ? 'the one meant' : `not ${question.document}`})`,
    );
  }
  for (const scope of ['document', 'chunks'] as const) {
    const started = performance.now();
    let firstToken: number | undefined;
    let done:
      | {
          answer: string;
          answerable: boolean;
          citations: { chunkId: string }[];
          coverage?: { chunksRead: number; chunksTotal: number };
        }
      | undefined;
    for await (const event of lore.askStream({
      collection,
      question: question.question,
      scope,
      ...(documentId ? { documentId } : {}),
      ...(scope === 'document' ? { firstTokenSeconds: budget } : {}),
      sampling: { temperature: 0, maxTokens: Number(values['max-tokens']) },
    })) {
      if (event.type === 'text-delta') firstToken ??= performance.now();
      if (event.type === 'done') done = event;
    }
    const ended = performance.now();
    if (!done) throw new Error(`no answer for ${question.id}`);
    const answer = norm(done.answer);
    const named = question.sections.filter((phrases) =>
      phrases.some((phrase) => answer.includes(norm(phrase))),
    ).length;
    const ttft = ((firstToken ?? ended) - started) / 1000;
    const total = (ended - started) / 1000;
    const cited = new Set(done.citations.map((citation) => citation.chunkId)).size;
    totals[scope].push([ttft, total, named / question.sections.length]);
    const coverage = done.coverage ? `${done.coverage.chunksRead}/${done.coverage.chunksTotal}` : '-';
    rows.push(
      `| ${question.id} | ${scope} | ${ttft.toFixed(1)} | ${total.toFixed(1)} | ${coverage} | ${named}/${question.sections.length} | ${cited} | ${done.answerable ? 'yes' : 'no'} |`,
    );
    console.log(
      `${question.id} ${scope}: first token ${ttft.toFixed(1)} s, total ${total.toFixed(1)} s, coverage ${coverage}, sections named ${named}/${question.sections.length}, chunks cited ${cited}`,
    );
    if (values.verbose) console.log(`  ${done.answer.replace(/\n/g, ' ')}`);
  }
}
const median = (numbers: number[]) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted.length === 0
    ? Number.NaN
    : ((sorted[Math.floor((sorted.length - 1) / 2)] ?? 0) +
        (sorted[Math.ceil((sorted.length - 1) / 2)] ?? 0)) /
        2;
};
console.log(
  '\n| question | scope | first token s | total s | coverage | sections named | chunks cited | answered |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
for (const scope of ['document', 'chunks'] as const) {
  const list = totals[scope];
  const mean = list.reduce((sum, [, , share]) => sum + (share ?? 0), 0) / Math.max(1, list.length);
  console.log(
    `${scope}: median first token ${median(list.map(([t]) => t ?? 0)).toFixed(1)} s, median total ${median(list.map(([, t]) => t ?? 0)).toFixed(1)} s, mean share of sections named ${mean.toFixed(2)}`,
  );
}
await lore.close();
