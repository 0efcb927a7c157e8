/**
 * `npm run bench:structured`: time per generated token with and without constrained decoding, on the CI
 * GGUF model (llama.cpp grammar) and on the tiny ONNX fixture (Lore's logits processor).
 */
import { fileURLToPath } from 'node:url';
import type { GenerateOptions, LanguageModel, ResponseFormat } from '@lore/core/spec';
import { compileResponseFormat, createLlamaCppModel, createTransformersModel } from '@lore/llm';
import { testModelPath, testThreads } from '../src/test-model.js';

const rounds = Number(process.env.LORE_BENCH_ROUNDS ?? 4);
const gpu = process.env.LORE_LLM_GPU === 'auto' ? 'auto' : false;

const team: ResponseFormat = {
  type: 'json_schema',
  schema: {
    type: 'object',
    properties: {
      team: { type: 'string', maxLength: 20 },
      members: {
        type: 'array',
        minItems: 2,
        maxItems: 2,
        items: {
          type: 'object',
          properties: {
            name: { type: 'string', maxLength: 16 },
            role: { enum: ['lead', 'dev', 'ops'] },
            age: { type: 'integer' },
          },
          required: ['name', 'role', 'age'],
          additionalProperties: false,
        },
      },
    },
    required: ['team', 'members'],
    additionalProperties: false,
  },
};
const modes: Record<string, ResponseFormat | undefined> = {
  text: undefined,
  json_object: { type: 'json_object' },
  json_schema: team,
};

interface Sample {
  tokens: number;
  msPerToken: number;
}

/** Decoding time per token after the first (the first carries the prompt). */
async function measure(model: LanguageModel, request: GenerateOptions): Promise<Sample> {
  let first = 0;
  let tokens = 0;
  try {
    for await (const part of model.stream(request)) {
      if (part.type === 'text-delta' && first === 0) first = performance.now();
      if (part.type === 'finish') tokens = part.usage.completionTokens;
    }
  } catch {
    // A structured run cut by maxTokens throws at the end; its tokens still count for speed.
    tokens = request.maxTokens ?? 0;
  }
  return { tokens, msPerToken: (performance.now() - first) / Math.max(1, tokens - 1) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function bench(label: string, model: LanguageModel, base: Omit<GenerateOptions, 'responseFormat'>) {
  const names = Object.keys(modes);
  const samples: Record<string, Sample[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (const name of names) await measure(model, { ...base, responseFormat: modes[name] });
  for (let round = 0; round < rounds; round++) {
    for (let index = 0; index < names.length; index++) {
      const name = names[(index + round) % names.length] as string;
      samples[name]?.push(await measure(model, { ...base, responseFormat: modes[name], seed: round }));
    }
  }
  const text = median(samples.text?.map((sample) => sample.msPerToken) ?? []);
  console.log(`\n${label}: ${rounds} rounds, median over rounds`);
  console.table(
    names.map((name) => {
      const ms = median(samples[name]?.map((sample) => sample.msPerToken) ?? []);
      return {
        mode: name,
        'ms/token': Number(ms.toFixed(2)),
        'tokens/s': Number((1000 / ms).toFixed(1)),
        'vs text': `${(((ms - text) / text) * 100).toFixed(1)}%`,
        'generated tokens': median(samples[name]?.map((sample) => sample.tokens) ?? []),
      };
    }),
  );
}

// The first compile pays for loading and JIT; the provider caches compiled formats per schema anyway.
for (const run of ['first', 'second']) {
  const compileStart = performance.now();
  const compiled = compileResponseFormat(team);
  console.log(
    `Compiling the json_schema format (${run} time): ${(performance.now() - compileStart).toFixed(1)} ms, ${compiled?.grammar.rules.length} rules, ${compiled?.gbnf.length} GBNF characters`,
  );
}

const messages = [{ role: 'user' as const, content: 'Describe a small software team as JSON.' }];
const gguf = createLlamaCppModel({ model: testModelPath(), gpu, contextSize: 1024, threads: testThreads() });
await bench(`GGUF ${testModelPath()} (llama.cpp grammar), ${testThreads()} thread(s), gpu: ${gpu}`, gguf, {
  messages,
  maxTokens: 128,
  temperature: 0,
});
await gguf.close();

const folder = fileURLToPath(new URL('../fixtures/tiny-decoder', import.meta.url));
const onnx = createTransformersModel({ model: folder, threads: 1 });
await bench('Tiny ONNX fixture (Lore logits processor)', onnx, { messages, maxTokens: 96, temperature: 1 });
await onnx.close();
