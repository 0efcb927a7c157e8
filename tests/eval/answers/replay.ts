// npx tsx --conditions=lore-source tests/eval/answers/replay.ts FILE... [--verbose]
// Re-judges the answers an `eval:answers --json` run recorded with today's evidence checks (`streamAnswer`),
// without a model: each recorded raw answer is replayed as the model's reply over the sources it was given.
// Fast enough to try a refusal rule over every stored run; the real measure is still `npm run eval:answers`.
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { LanguageModel } from '@lore/core';
import { streamAnswer } from '@lore/core/internal';
import { holdsFact, type Outcome } from './score.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    verbose: { type: 'boolean', default: false },
    'seeds-zh': { type: 'string', default: resolve(import.meta.dirname, '../../../../shared/data/seeds-zh') },
  },
});

// Runs record source texts, not titles: an English chunk starts with its document's "# Title", a Chinese
// one is found in the seeds-zh file it came from (the file name is its title).
const zhNames = (await readdir(values['seeds-zh'])).filter((name) => name.endsWith('.txt'));
const zhTexts = await Promise.all(zhNames.map((name) => readFile(join(values['seeds-zh'], name), 'utf8')));
function titleOf(text: string): string {
  const heading = text.match(/^# (.+)/u)?.[1];
  if (heading) return heading;
  const probe = text.slice(0, 40);
  return zhNames[zhTexts.findIndex((doc) => doc.includes(probe))] ?? '';
}

function replaying(text: string): LanguageModel {
  return {
    provider: 'replay',
    modelId: 'replay',
    async *stream() {
      yield { type: 'text-delta' as const, text };
      yield {
        type: 'finish' as const,
        finishReason: 'stop' as const,
        usage: { promptTokens: 0, completionTokens: 0 },
      };
    },
  } as unknown as LanguageModel;
}

for (const file of positionals) {
  const outcomes = JSON.parse(await readFile(file, 'utf8')) as Outcome[];
  const tally = { answerable: 0, kept: 0, right: 0, unanswerable: 0, refused: 0 };
  for (const outcome of outcomes) {
    const { question } = outcome;
    const raw = outcome.streamed || outcome.answer;
    const replay = streamAnswer(
      replaying(raw),
      { messages: [] },
      { sources: outcome.sourceTexts, titles: outcome.sourceTexts.map(titleOf), question: question.question },
    );
    let step = await replay.next();
    while (!step.done) step = await replay.next();
    const refused = step.value.refused;
    const before = !outcome.answerable;
    if (question.unanswerable) {
      tally.unanswerable++;
      if (refused) tally.refused++;
    } else {
      tally.answerable++;
      if (!refused) tally.kept++;
      if (!refused && holdsFact(raw, question.fact)) tally.right++;
    }
    const changed = refused !== before ? ` (was ${before ? 'refused' : 'answered'})` : '';
    if (values.verbose || changed)
      console.log(
        `${question.id} ${question.unanswerable ? 'unanswerable' : 'answerable'} ${refused ? 'refused' : 'answered'}${changed} | ${raw.replace(/\s+/g, ' ').slice(0, 100)}`,
      );
  }
  console.log(
    `${file}: fact ${tally.right}/${tally.answerable}, answered ${tally.kept}/${tally.answerable}, unanswerable refused ${tally.refused}/${tally.unanswerable}`,
  );
}
