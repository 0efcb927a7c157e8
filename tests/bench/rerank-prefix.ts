/**
 * `npx tsx --conditions=lore-source tests/bench/rerank-prefix.ts <model.gguf> <text file> [passages]`: times
 * the LLM reranker's yes/no scoring per passage, document-first and evaluated afresh (today) against
 * question-first with the cached prefix kept, interleaved so that machine load hits both alike.
 */
import { readFileSync } from 'node:fs';
import { createLlamaCppModel } from '@lore/llm';

const [modelPath, textPath, count = '8'] = process.argv.slice(2);
if (!modelPath || !textPath) throw new Error('Usage: rerank-prefix.ts <model.gguf> <text file> [passages]');
const text = readFileSync(textPath, 'utf8');
const passages = Array.from({ length: Number(count) }, (_, index) =>
  text.slice(index * 1500, (index + 1) * 1500),
);
const query = 'Mixtral 是哪家公司推出的混合专家模型？';
const model = createLlamaCppModel({ model: modelPath, contextSize: 8192, slots: 2, gpu: false });
const score = model.scoreContinuations as NonNullable<typeof model.scoreContinuations>;
const ask = 'Is the document relevant to the question? Answer yes or no.';
const variants = {
  documentFirst: (passage: string) =>
    score({
      messages: [{ role: 'user', content: `Document: ${passage}\n\nQuestion: ${query}\n\n${ask}` }],
      continuations: ['yes', 'no'],
    }),
  questionFirstReused: (passage: string) =>
    score({
      messages: [{ role: 'user', content: `Question: ${query}\n\nDocument: ${passage}\n\n${ask}` }],
      continuations: ['yes', 'no'],
      reusePrefix: true,
    }),
};
await variants.documentFirst('warm-up');
const seconds: Record<string, number[]> = { documentFirst: [], questionFirstReused: [] };
for (const passage of passages) {
  for (const [name, run] of Object.entries(variants)) {
    const started = performance.now();
    await run(passage);
    seconds[name]?.push((performance.now() - started) / 1000);
  }
}
const tokens = passages.map((passage) => model.countTokens(passage));
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
console.log(`${passages.length} passages, mean ${mean(await Promise.all(tokens)).toFixed(0)} passage tokens`);
for (const [name, values] of Object.entries(seconds)) {
  console.log(
    `${name.padEnd(20)} mean ${mean(values).toFixed(2)} s/passage  (${values.map((value) => value.toFixed(2)).join(' ')})`,
  );
}
await model.close();
