/**
 * `npm run bench:llm`: speed of the CI model through Lore's llama.cpp provider, with and without prefix
 * reuse, next to the same model driven directly through node-llama-cpp in the same run.
 */
import type { ChatMessage } from '@lore/core/spec';
import { createLlamaCppModel, type LlamaCppModel } from '@lore/llm';
import { getLlama, LlamaChatSession, LlamaLogLevel } from 'node-llama-cpp';
import { testModelPath, testThreads } from '../src/test-model.js';

const rounds = Number(process.env.LORE_BENCH_ROUNDS ?? 4);
const maxTokens = Number(process.env.LORE_BENCH_MAX_TOKENS ?? 64);
const gpu = process.env.LORE_LLM_GPU === 'auto' ? 'auto' : false;
const settings = { contextSize: 2048, threads: testThreads() };

const system = [
  'You are Lore, an assistant that answers questions about a private document collection.',
  'Answer only from the numbered context passages. Cite passages as [1], [2] after each claim.',
  'If the passages do not contain the answer, say that you do not know instead of guessing.',
  'Keep answers short, use plain language, and prefer lists for steps. Never invent file names, people or dates.',
  'Passages may be in any language; answer in the language of the question.',
]
  .join(' ')
  .repeat(4);
const questions = [
  'How do I rotate the API keys?',
  'Which formats can be imported?',
  'Who approves a new data source?',
  'What happens when the queue is full?',
  'Where are the model files cached?',
  'How long are chats kept?',
];

interface Sample {
  promptTokens: number;
  ttftMs: number;
  generated: number;
  decodeMs: number;
}

async function viaLore(model: LlamaCppModel, question: string): Promise<Sample> {
  const messages: ChatMessage[] = [
    { role: 'system', content: system },
    { role: 'user', content: question },
  ];
  const start = performance.now();
  let first = 0;
  for await (const part of model.stream({ messages, maxTokens, temperature: 0 })) {
    if (part.type === 'text-delta' && first === 0) first = performance.now();
    if (part.type === 'finish') {
      const { promptTokens, completionTokens } = part.usage;
      return {
        promptTokens,
        ttftMs: first - start,
        generated: completionTokens,
        decodeMs: performance.now() - first,
      };
    }
  }
  throw new Error('The stream ended without a finish part.');
}

async function createDirect(reuse: boolean) {
  const llama = await getLlama({ gpu, build: 'never', logLevel: LlamaLogLevel.error });
  const model = await llama.loadModel({ modelPath: testModelPath() });
  const context = await model.createContext({ ...settings, swaFullCache: reuse });
  const session = new LlamaChatSession({
    contextSequence: context.getSequence(),
    systemPrompt: system,
    // Gemma has no system role; Lore folds the system prompt into the first turn, so do the same here.
    forceAddSystemPrompt: true,
  });
  const initial = session.getChatHistory();
  return {
    close: () => llama.dispose(),
    async run(question: string): Promise<Sample> {
      session.setChatHistory(initial);
      if (!reuse) await session.sequence.clearHistory();
      const promptTokens = model.tokenize(question).length;
      const start = performance.now();
      let first = 0;
      let generated = 0;
      await session.prompt(question, {
        maxTokens,
        temperature: 0,
        repeatPenalty: false,
        onTextChunk: () => {
          if (first === 0) first = performance.now();
        },
        onToken: (tokens) => {
          generated += tokens.length;
        },
      });
      // The prompt is the templated system prompt and question, as in Lore's usage count.
      const total = session.sequence.contextTokens.length - generated;
      return {
        promptTokens: total || promptTokens,
        ttftMs: first - start,
        generated,
        decodeMs: performance.now() - first,
      };
    },
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

function summarize(samples: Sample[]) {
  return {
    ttftMs: median(samples.map((sample) => sample.ttftMs)),
    promptPerSecond: median(samples.map((sample) => sample.promptTokens / (sample.ttftMs / 1000))),
    // The first token belongs to time to first token; the rest measure decoding.
    generatedPerSecond: median(samples.map((sample) => (sample.generated - 1) / (sample.decodeMs / 1000))),
    generated: median(samples.map((sample) => sample.generated)),
    promptTokens: median(samples.map((sample) => sample.promptTokens)),
  };
}

const lore = (prefixReuse: boolean) => {
  const model = createLlamaCppModel({ model: testModelPath(), gpu, ...settings, prefixReuse });
  return { run: (question: string) => viaLore(model, question), close: () => model.close() };
};
const paths = {
  'Lore, prefix reuse': lore(true),
  'Lore, no reuse': lore(false),
  'node-llama-cpp, prefix reuse': await createDirect(true),
  'node-llama-cpp, no reuse': await createDirect(false),
};
const names = Object.keys(paths) as (keyof typeof paths)[];
const samples = Object.fromEntries(names.map((name) => [name, [] as Sample[]]));

// Warm up each path once, then rotate the order every round so that CPU contention hits all paths alike.
for (const name of names) await paths[name].run('Hello');
for (let round = 0; round < rounds; round++) {
  const question = questions[round % questions.length] as string;
  for (let index = 0; index < names.length; index++) {
    const name = names[(index + round) % names.length] as keyof typeof paths;
    samples[name]?.push(await paths[name].run(question));
  }
}

const rows = Object.entries(samples).map(([name, list]) => ({ name, ...summarize(list) }));
console.log(
  `\nCI model ${testModelPath()}\n${rounds} rounds, ~${rows[1]?.promptTokens} prompt tokens, up to ${maxTokens} generated, ${settings.threads} thread(s), gpu: ${gpu}\n`,
);
console.table(
  rows.map((row) => ({
    path: row.name,
    'TTFT ms': Math.round(row.ttftMs),
    'prompt tok/s': row.name.endsWith('no reuse') ? Math.round(row.promptPerSecond) : '-',
    'generated tok/s': Number(row.generatedPerSecond.toFixed(1)),
    'generated tokens': row.generated,
  })),
);
const [loreReuse, loreCold, directReuse, directCold] = rows;
if (loreReuse && loreCold && directReuse && directCold) {
  const overhead = (1 - loreReuse.generatedPerSecond / directReuse.generatedPerSecond) * 100;
  console.log(
    `TTFT gain from prefix reuse: Lore ${(loreCold.ttftMs / loreReuse.ttftMs).toFixed(1)}x, node-llama-cpp ${(directCold.ttftMs / directReuse.ttftMs).toFixed(1)}x`,
  );
  console.log(
    `Lore overhead on generated tok/s vs node-llama-cpp direct: ${overhead.toFixed(1)}% (budget < 10%)`,
  );
}
await Promise.all(names.map((name) => paths[name].close()));
