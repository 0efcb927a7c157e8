// npm run eval:answers [-- --sets en,zh --questions dev|held-out|held-out-2 --limit N --temperature 0.3 --top-k 5 --first-token-seconds off]
// Asks every dev question through Lore's real answer path (e5 embedder, a GGUF instruct model on the CPU) and
// prints citation hit, fact hit, refusals, prompt tokens, time to first token and total time per answer.
// Ingested collections are kept in --data-dir and reused by later runs.
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createLore } from '@lore/core';
import { createTransformersEmbedder } from '@lore/embeddings';
import { createLlamaCppModel } from '@lore/llm';
import { chineseSet, type DevQuestion, englishSet, ensureCollection, heldOutQuestions } from './dev-set.js';
import { type Outcome, summarize } from './score.js';

const models = '/root/.cache/lore/models';
const { values } = parseArgs({
  options: {
    sets: { type: 'string', default: 'en,zh' },
    /** `dev` (the questions tuned on), `held-out` or `held-out-2` (held-out*.jsonl, over the same documents). */
    questions: { type: 'string', default: 'dev' },
    /** At most this many questions per set, spread evenly over it. */
    limit: { type: 'string' },
    temperature: { type: 'string', default: '0' },
    'top-k': { type: 'string' },
    /** The answer path's time-to-first-token budget in seconds, or `off` for the token-budget path. */
    'first-token-seconds': { type: 'string' },
    'max-tokens': { type: 'string', default: '256' },
    model: {
      type: 'string',
      default: process.env.LORE_EVAL_LLM_MODEL ?? join(models, 'qwen2.5-coder-0.5b-instruct-q4_k_m.gguf'),
    },
    'embedding-model': { type: 'string', default: 'multilingual-e5-small-q4' },
    'models-dir': { type: 'string', default: models },
    'data-dir': { type: 'string', default: join(tmpdir(), 'lore-eval-answers') },
    'seeds-zh': { type: 'string', default: resolve(import.meta.dirname, '../../../../shared/data/seeds-zh') },
    'context-size': { type: 'string', default: '8192' },
    /** Least answerability (the model's P(yes) that the sources state the answer); 0 measures it only. */
    'min-answerability': { type: 'string' },
    /** Writes every outcome (with the raw streamed text) to this JSON file, e.g. for calibration. */
    json: { type: 'string' },
    verbose: { type: 'boolean', default: false },
  },
});

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

function spread<T>(items: T[], limit: number | undefined): T[] {
  if (!limit || limit >= items.length) return items;
  const step = items.length / limit;
  return Array.from({ length: limit }, (_, index) => items[Math.floor(index * step)] as T);
}

const sets = values.sets.split(',');
const questions: DevQuestion[] = [];
const limit = values.limit ? Number(values.limit) : undefined;
const heldOut = values.questions.startsWith('held-out')
  ? await heldOutQuestions(`${values.questions}.jsonl`)
  : undefined;
if (sets.includes('en')) {
  const set = await englishSet();
  await ensureCollection(lore, 'en', set.documents);
  questions.push(...spread(heldOut?.filter((q) => q.set === 'en') ?? set.questions, limit));
}
if (sets.includes('zh')) {
  const set = await chineseSet(values['seeds-zh']);
  await ensureCollection(lore, 'zh', set.documents);
  questions.push(...spread(heldOut?.filter((q) => q.set === 'zh') ?? set.questions, limit));
}

const budget = values['first-token-seconds'];
const minAnswerability = values['min-answerability'];
const temperature = Number(values.temperature);
console.log(
  `model ${values.model}, embedder ${values['embedding-model']}, temperature ${temperature}, topK ${values['top-k'] ?? 'default'}, first-token budget ${budget ?? 'default'}, min answerability ${minAnswerability ?? 'default'}, ${questions.length} questions`,
);
// Load both models before the first clock starts: a user's first question after start-up is not the point.
await languageModel.countTokens('warm up');
await lore.search({ collection: questions[0]?.set ?? 'en', query: 'warm up', topK: 1 });

const outcomes: Outcome[] = [];
for (const question of questions) {
  const started = performance.now();
  let firstToken: number | undefined;
  let sourceTexts = new Map<string, string>();
  let streamed = '';
  let done: Extract<Awaited<ReturnType<typeof lore.ask>>, object> | undefined;
  for await (const event of lore.askStream({
    collection: question.set,
    question: question.question,
    sampling: { temperature, maxTokens: Number(values['max-tokens']) },
    ...(values['top-k'] ? { topK: Number(values['top-k']) } : {}),
    ...(budget ? { firstTokenSeconds: budget === 'off' ? Number.POSITIVE_INFINITY : Number(budget) } : {}),
    ...(minAnswerability ? { minAnswerability: Number(minAnswerability) } : {}),
  })) {
    if (event.type === 'sources') sourceTexts = new Map(event.sources.map((s) => [s.chunkId, s.text]));
    if (event.type === 'text-delta') {
      firstToken ??= performance.now();
      streamed += event.text;
    }
    if (event.type === 'done') done = { ...event, sources: [], question: question.question };
  }
  const ended = performance.now();
  if (!done) throw new Error(`no answer for ${question.id}`);
  const outcome: Outcome = {
    question,
    answer: done.answer,
    answerable: done.answerable,
    citedTexts: done.citations.map((citation) => sourceTexts.get(citation.chunkId) ?? citation.text),
    sourceTexts: [...sourceTexts.values()],
    inferredCitations: done.citations.filter((citation) => citation.inferred).length,
    ...(done.answerability !== undefined ? { answerability: done.answerability } : {}),
    streamed,
    promptTokens: done.usage.promptTokens,
    firstTokenSeconds: ((firstToken ?? ended) - started) / 1000,
    totalSeconds: (ended - started) / 1000,
  };
  outcomes.push(outcome);
  const flag = question.unanswerable
    ? done.answerable
      ? 'ANSWERED'
      : 'refused ok'
    : done.answerable
      ? ''
      : 'REFUSED';
  const judged = done.answerability === undefined ? '' : ` p=${done.answerability.toFixed(2)}`;
  console.log(
    `${question.id} ${outcome.firstTokenSeconds.toFixed(1)}s/${outcome.totalSeconds.toFixed(1)}s ${outcome.promptTokens}tok${judged} cites ${done.citations.map((c) => `${c.marker}${c.inferred ? '*' : ''}`).join(',') || '-'} ${flag} | ${done.answer.replace(/\s+/g, ' ').slice(0, values.verbose ? 400 : 100)}`,
  );
}

for (const set of sets) {
  const mine = outcomes.filter((outcome) => outcome.question.set === set);
  if (mine.length > 0) console.log(`\n[${set}]\n${summarize(mine)}`);
}
if (sets.length > 1) console.log(`\n[all]\n${summarize(outcomes)}`);
if (values.json) await writeFile(values.json, JSON.stringify(outcomes, null, 1));
await lore.close();
