// npx tsx --conditions=lore-source tests/eval/answers/scope.ts [--held-out] [--llm PATH.gguf]
// Measures how `scope: 'auto'` decides that a question is about a document as a whole: the rule
// (asksForWholeDocument), or with --llm the LLM as a classifier (classifyWithModel: the two labels' reply
// probabilities, constrained). On scope.jsonl (whole-document and fact questions, en and zh, written for it; the
// rule was tuned on it) or scope-held-out.jsonl (written after), and, for the false-positive rate, on every fact
// question of the answer and retrieval dev sets, which the rule was not written against.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { asksForWholeDocument, classifyWithModel } from '@lore/core/internal';
import { createLlamaCppModel } from '@lore/llm';

const here = import.meta.dirname;
const { values } = parseArgs({ options: { 'held-out': { type: 'boolean' }, llm: { type: 'string' } } });
type Question = { id: string; question: string; wholeDocument?: boolean };
const readJsonl = async (path: string) =>
  (await readFile(path, 'utf8'))
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Question);

const model = values.llm
  ? createLlamaCppModel({ model: values.llm, contextSize: 1024, gpu: false })
  : undefined;
const labels = ['whole document', 'specific fact'];
const instruction =
  'Does this question ask about a document as a whole (a summary, an overview, a list of everything of a kind) or about a specific fact in it?';
async function routed(question: string): Promise<boolean> {
  if (!model) return asksForWholeDocument(question);
  const result = await classifyWithModel(model, { input: question, labels, instruction });
  return result.label === labels[0];
}

const file = values['held-out'] ? 'scope-held-out.jsonl' : 'scope.jsonl';
const labelled = await readJsonl(join(here, file));
const facts = (
  await Promise.all(
    ['en.jsonl', 'held-out.jsonl', 'held-out-2.jsonl', 'zh-unanswerable.jsonl', '../seeds-zh.jsonl'].map(
      (name) => readJsonl(join(here, name)),
    ),
  )
).flat();

async function judge(questions: Question[]) {
  if (model) await routed('warm up');
  const started = performance.now();
  const verdicts = [];
  for (const question of questions) verdicts.push({ ...question, routed: await routed(question.question) });
  return { verdicts, milliseconds: (performance.now() - started) / questions.length };
}

console.log(`classifier: ${values.llm ? `LLM ${values.llm}` : 'rule'}`);
const dev = await judge(labelled);
const whole = dev.verdicts.filter((verdict) => verdict.wholeDocument);
const fact = dev.verdicts.filter((verdict) => !verdict.wholeDocument);
const missed = whole.filter((verdict) => !verdict.routed);
const wrong = fact.filter((verdict) => verdict.routed);
const correct = whole.length - missed.length + fact.length - wrong.length;
console.log(`${file}: ${labelled.length} questions (${whole.length} whole-document, ${fact.length} fact)`);
console.log(`  accuracy ${(correct / labelled.length).toFixed(3)}`);
console.log(`  whole-document recall ${((whole.length - missed.length) / whole.length).toFixed(3)}`);
console.log(`  fact false-positive rate ${(wrong.length / fact.length).toFixed(3)}`);
for (const verdict of [...missed, ...wrong]) console.log(`  wrong: ${verdict.id} ${verdict.question}`);
const others = await judge(facts);
const sent = others.verdicts.filter((verdict) => verdict.routed);
console.log(
  `other dev sets: ${facts.length} fact questions, false-positive rate ${(sent.length / facts.length).toFixed(3)}`,
);
for (const verdict of sent) console.log(`  routed: ${verdict.id} ${verdict.question}`);
console.log(`time per question: ${((dev.milliseconds + others.milliseconds) / 2).toFixed(3)} ms`);
await model?.close();
