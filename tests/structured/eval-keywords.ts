/**
 * `npx tsx --conditions=lore-source tests/structured/eval-keywords.ts`: runs the held-out keyword schemas
 * on LORE_TEST_STRUCTURED_MODEL (default SmolLM2 135M Instruct) and prints valid outputs and generations.
 */
import { keywordCases } from './keyword-cases.js';
import { createStructuredModel, runKeywordCase, structuredModelPath } from './keyword-model.js';

const model = createStructuredModel();
let valid = 0;
let attempts = 0;
let finished = 0;
for (const entry of keywordCases) {
  try {
    const run = await runKeywordCase(model, entry);
    if (!run.problem && run.finishReason === 'stop') valid++;
    attempts += run.attempts;
    finished++;
    console.log(
      `${run.problem ? 'INVALID' : 'ok     '} ${run.attempts}x ${entry.name}: ${run.text.replace(/\s+/g, ' ')}`,
    );
  } catch (error) {
    console.log(`ERROR   ${entry.name}: ${(error as Error).message.slice(0, 160)}`);
  }
}
const retries = attempts - finished;
console.log(
  `${structuredModelPath()}: ${valid}/${keywordCases.length} valid; ${attempts} generations for the cases that finished (${retries} retries)`,
);
await model.close();
