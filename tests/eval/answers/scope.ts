// npx tsx --conditions=lore-source tests/eval/answers/scope.ts [--llm PATH.gguf]
// Measures how `scope: 'auto'` decides that a question is about a document as a whole: the rule
// (asksForWholeDocument), or with --llm the LLM as a classifier (classifyWithModel: the two labels' reply
// probabilities, constrained), whose threshold on P(whole document) is chosen on scope.jsonl. Reported on
// scope.jsonl (whole-document and fact questions, en and zh, written for it; the rule was tuned on it),
// scope-held-out.jsonl (written after) and, for the false-positive rate, every fact question of the answer and
// retrieval dev sets, which the rule was not written against.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { asksForWholeDocument, classifyWithModel } from '@lore/core/internal';
import { createLlamaCppModel } from '@lore/llm';

const here = import.meta.dirname;
const { values } = parseArgs({ options: { llm: { type: 'string' } } });
type Question = { id: string; question: string; wholeDocument?: boolean };
const readJsonl = async (name: string) =>
  (await readFile(join(here, name), 'utf8'))
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Question);

const model = values.llm
  ? createLlamaCppModel({ model: values.llm, contextSize: 1024, gpu: false })
  : undefined;
const labels = ['whole document', 'specific fact'];
const instruction =
  'Does this question ask about a document as a whole (a summary, an overview, a list of everything of a kind) or about a specific fact in it?';
/** P(whole document): the rule's verdict as 0 or 1, or the model's probability. */
async function probability(question: string): Promise<number> {
  if (!model) return asksForWholeDocument(question) ? 1 : 0;
  const result = await classifyWithModel(model, { input: question, labels, instruction });
  return result.labels[0]?.probability ?? 0;
}

const sets = {
  dev: await readJsonl('scope.jsonl'),
  heldOut: await readJsonl('scope-held-out.jsonl'),
  facts: (
    await Promise.all(
      ['en.jsonl', 'held-out.jsonl', 'held-out-2.jsonl', 'zh-unanswerable.jsonl', '../seeds-zh.jsonl'].map(
        readJsonl,
      ),
    )
  ).flat(),
};
if (model) await probability('warm up');
const started = performance.now();
const scored = new Map<string, { question: Question; p: number }[]>();
let count = 0;
for (const [name, questions] of Object.entries(sets)) {
  const list = [];
  for (const question of questions) list.push({ question, p: await probability(question.question) });
  scored.set(name, list);
  count += questions.length;
}
const milliseconds = (performance.now() - started) / count;

function report(name: string, threshold: number) {
  const list = scored.get(name) ?? [];
  const whole = list.filter(({ question }) => question.wholeDocument === true);
  const fact = list.filter(({ question }) => question.wholeDocument !== true);
  const missed = whole.filter(({ p }) => p < threshold);
  const wrong = fact.filter(({ p }) => p >= threshold);
  const accuracy = (list.length - missed.length - wrong.length) / list.length;
  return { name, list, whole, fact, missed, wrong, accuracy };
}

// The rule answers 0 or 1; the model's threshold is the one right most on scope.jsonl (fewer false positives on ties).
let threshold = 0.5;
if (model) {
  let best = { accuracy: -1, wrong: Number.POSITIVE_INFINITY };
  for (const candidate of [...new Set((scored.get('dev') ?? []).map(({ p }) => p))].sort((a, b) => a - b)) {
    const result = report('dev', candidate);
    if (
      result.accuracy > best.accuracy ||
      (result.accuracy === best.accuracy && result.wrong.length < best.wrong)
    ) {
      best = { accuracy: result.accuracy, wrong: result.wrong.length };
      threshold = candidate;
    }
  }
}
console.log(
  `classifier: ${values.llm ? `LLM ${values.llm}, P(whole document) >= ${threshold.toFixed(3)}` : 'rule'}`,
);
for (const name of ['dev', 'heldOut'] as const) {
  const result = report(name, threshold);
  console.log(`${name === 'dev' ? 'scope.jsonl' : 'scope-held-out.jsonl'}: ${result.list.length} questions`);
  console.log(`  accuracy ${result.accuracy.toFixed(3)}`);
  console.log(
    `  whole-document recall ${((result.whole.length - result.missed.length) / result.whole.length).toFixed(3)}`,
  );
  console.log(`  fact false-positive rate ${(result.wrong.length / result.fact.length).toFixed(3)}`);
  for (const { question } of [...result.missed, ...result.wrong])
    console.log(`  wrong: ${question.id} ${question.question}`);
}
const facts = report('facts', threshold);
console.log(
  `other dev sets: ${facts.list.length} fact questions, false-positive rate ${(facts.wrong.length / facts.list.length).toFixed(3)}`,
);
for (const { question } of facts.wrong.slice(0, 5))
  console.log(`  routed: ${question.id} ${question.question}`);
console.log(`time per question: ${milliseconds.toFixed(3)} ms`);
await model?.close();
