/**
 * `npm run bench:llm`: speed of the two instruct CI models (SmolLM2 135M, Qwen2.5-Coder 0.5B) through Lore's
 * llama.cpp provider, with and without prefix reuse, next to the same model driven directly through
 * node-llama-cpp in the same run. Models: LORE_BENCH_LLM_MODELS (comma-separated paths), else
 * LORE_TEST_LLM_MODEL and LORE_TEST_QUALITY_LLM_MODEL, else the files scripts/fetch-test-models.sh caches.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import type { ChatMessage } from '@lore/core/spec';
import { createLlamaCppModel, type LlamaCppModel } from '@lore/llm';
import { getLlama, LlamaChatSession, LlamaLogLevel } from 'node-llama-cpp';
import { createIdleCores, phaseThreads } from '../src/llama-cpp-threads.js';

const rounds = Number(process.env.LORE_BENCH_ROUNDS ?? 4);
const maxTokens = Number(process.env.LORE_BENCH_MAX_TOKENS ?? 64);
const gpu = process.env.LORE_LLM_GPU === 'auto' ? 'auto' : false;
// Lore's defaults unless LORE_LLM_THREADS / LORE_LLM_PREFILL_THREADS say otherwise.
const threads = phaseThreads({
  ...(process.env.LORE_LLM_THREADS && { threads: Number(process.env.LORE_LLM_THREADS) }),
  ...(process.env.LORE_LLM_PREFILL_THREADS && {
    prefillThreads: Number(process.env.LORE_LLM_PREFILL_THREADS),
  }),
});
const contextSize = 2048;

const cache = join(process.env.LORE_CACHE_DIR ?? join(homedir(), '.cache/lore'), 'models');
const models = (
  process.env.LORE_BENCH_LLM_MODELS?.split(',') ?? [
    process.env.LORE_TEST_LLM_MODEL ?? join(cache, 'smollm2-135m-instruct-q4_1.gguf'),
    process.env.LORE_TEST_QUALITY_LLM_MODEL ?? join(cache, 'qwen2.5-coder-0.5b-instruct-q4_k_m.gguf'),
  ]
).filter((path) => {
  if (existsSync(path)) return true;
  console.warn(`skipped ${path}: not there (scripts/fetch-test-models.sh fetches the CI models)`);
  return false;
});

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

interface Path {
  run(question: string): Promise<Sample>;
  close(): Promise<void>;
  /** Prompt tokens evaluated per prompt token asked for (Lore's counter); 1 without reuse. */
  evaluatedShare?: () => number;
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

function lore(modelPath: string, prefixReuse: boolean, prefillThreads = threads.prefill): Path {
  const model = createLlamaCppModel({
    model: modelPath,
    gpu,
    contextSize,
    threads: threads.generation,
    prefillThreads,
    prefixReuse,
  });
  let baseline = { promptTokens: 0, evaluatedPromptTokens: 0 };
  return {
    run: (question) => viaLore(model, question),
    close: () => model.close(),
    evaluatedShare: () => {
      const { promptTokens, evaluatedPromptTokens } = model.stats();
      const share =
        (evaluatedPromptTokens - baseline.evaluatedPromptTokens) / (promptTokens - baseline.promptTokens);
      baseline = { promptTokens, evaluatedPromptTokens };
      return share;
    },
  };
}

/** node-llama-cpp on its own: one context, one thread count for everything (Lore's decoding count). */
async function direct(modelPath: string, reuse: boolean): Promise<Path> {
  const llama = await getLlama({ gpu, build: 'never', logLevel: LlamaLogLevel.error });
  const model = await llama.loadModel({ modelPath });
  const context = await model.createContext({
    contextSize,
    threads: threads.generation,
    swaFullCache: reuse,
  });
  const session = new LlamaChatSession({
    contextSequence: context.getSequence(),
    systemPrompt: system,
    forceAddSystemPrompt: true,
  });
  const initial = session.getChatHistory();
  return {
    close: () => llama.dispose(),
    async run(question) {
      session.setChatHistory(initial);
      if (!reuse) await session.sequence.clearHistory();
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
      const promptTokens = session.sequence.contextTokens.length - generated;
      return { promptTokens, ttftMs: first - start, generated, decodeMs: performance.now() - first };
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

async function bench(modelPath: string): Promise<void> {
  const idleCores = createIdleCores();
  const paths: Record<string, Path> = {
    'Lore, prefix reuse': lore(modelPath, true),
    'Lore, no reuse': lore(modelPath, false),
    [`Lore, no reuse, prefill on ${threads.generation} thread(s)`]: lore(
      modelPath,
      false,
      threads.generation,
    ),
    'node-llama-cpp, prefix reuse': await direct(modelPath, true),
    'node-llama-cpp, no reuse': await direct(modelPath, false),
  };
  const names = Object.keys(paths);
  const samples = Object.fromEntries(names.map((name) => [name, [] as Sample[]]));
  const shares = Object.fromEntries(names.map((name) => [name, [] as number[]]));

  // Warm up each path once, then rotate the order every round so that CPU contention hits all paths alike.
  for (const name of names) {
    await paths[name]?.run('Hello');
    paths[name]?.evaluatedShare?.();
  }
  for (let round = 0; round < rounds; round++) {
    const question = questions[round % questions.length] as string;
    for (let index = 0; index < names.length; index++) {
      const name = names[(index + round) % names.length] as string;
      const path = paths[name] as Path;
      samples[name]?.push(await path.run(question));
      if (path.evaluatedShare) shares[name]?.push(path.evaluatedShare());
    }
  }
  const idle = idleCores();
  await Promise.all(names.map((name) => paths[name]?.close()));

  const rows = names.map((name) => ({ name, ...summarize(samples[name] ?? []) }));
  console.log(
    `\n${basename(modelPath)}: ${rounds} rounds, ~${rows[1]?.promptTokens} prompt tokens, up to ${maxTokens} generated; threads: prefill up to ${threads.prefill} (cores other processes left idle during the run: ${idle?.toFixed(1)}), decoding ${threads.generation} (node-llama-cpp direct: ${threads.generation}); gpu: ${gpu}`,
  );
  console.table(
    rows.map((row) => ({
      path: row.name,
      'TTFT ms': Math.round(row.ttftMs),
      'prefill tok/s': row.name.includes('no reuse') ? Math.round(row.promptPerSecond) : '-',
      'generated tok/s': Number(row.generatedPerSecond.toFixed(1)),
      'generated tokens': row.generated,
      'prompt evaluated': shares[row.name]?.length
        ? `${Math.round(100 * median(shares[row.name] ?? []))}%`
        : '',
    })),
  );
  const [loreReuse, loreCold, loreOneThread, directReuse, directCold] = rows;
  if (loreReuse && loreCold && loreOneThread && directReuse && directCold) {
    const overhead = (1 - loreReuse.generatedPerSecond / directReuse.generatedPerSecond) * 100;
    console.log(
      `TTFT gain from prefix reuse: Lore ${(loreCold.ttftMs / loreReuse.ttftMs).toFixed(1)}x, node-llama-cpp ${(directCold.ttftMs / directReuse.ttftMs).toFixed(1)}x`,
    );
    console.log(
      `Prefill on up to ${threads.prefill} (the idle cores) vs ${threads.generation} thread(s): ${(loreCold.promptPerSecond / loreOneThread.promptPerSecond).toFixed(2)}x prefill tok/s`,
    );
    console.log(
      `Lore overhead on generated tok/s vs node-llama-cpp direct: ${overhead.toFixed(1)}% (budget < 10%)`,
    );
  }
}

for (const modelPath of models) await bench(modelPath);
