// npx tsx --conditions=lore-source tests/eval/answers/scope.ts [--held-out]
// Measures the rule that sends `scope: 'auto'` asks to the whole-document path (asksForWholeDocument): on
// scope.jsonl (whole-document and fact questions, en and zh, written for it)
// (or scope-held-out.jsonl, written after the rule was tuned on scope.jsonl) and, for the false-positive rate,
// on every fact question of the answer and retrieval dev sets, which the rule was not written against.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { asksForWholeDocument } from '@lore/core/internal';

const here = import.meta.dirname;
const readJsonl = async (path: string) =>
  (await readFile(path, 'utf8'))
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as { id: string; question: string; wholeDocument?: boolean });

const facts = (
  await Promise.all(
    ['en.jsonl', 'held-out.jsonl', 'held-out-2.jsonl', 'zh-unanswerable.jsonl', '../seeds-zh.jsonl'].map(
      (file) => readJsonl(join(here, file)),
    ),
  )
).flat();

function judge(questions: { id: string; question: string; wholeDocument?: boolean }[]) {
  const started = performance.now();
  const verdicts = questions.map((question) => ({
    ...question,
    routed: asksForWholeDocument(question.question),
  }));
  const microseconds = ((performance.now() - started) * 1000) / questions.length;
  return { verdicts, microseconds };
}

const file = process.argv.includes('--held-out') ? 'scope-held-out.jsonl' : 'scope.jsonl';
const labelled = await readJsonl(join(here, file));
const dev = judge(labelled);
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
const others = judge(facts);
const routed = others.verdicts.filter((verdict) => verdict.routed);
console.log(
  `other dev sets: ${facts.length} fact questions, false-positive rate ${(routed.length / facts.length).toFixed(3)}`,
);
for (const verdict of routed) console.log(`  routed: ${verdict.id} ${verdict.question}`);
console.log(`time per question: ${((dev.microseconds + others.microseconds) / 2).toFixed(1)} µs`);
