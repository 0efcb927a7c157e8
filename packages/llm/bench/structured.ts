/**
 * `npm run bench:structured`: time per generated token with and without constrained decoding, on the CI
 * GGUF model (llama.cpp grammar) and on the tiny ONNX fixture (Lore's logits processor).
 */
import { fileURLToPath } from 'node:url';
import type { GenerateOptions, LanguageModel, ResponseFormat } from '@lore/core/spec';
import {
  allowedTokens,
  compileResponseFormat,
  createLlamaCppModel,
  createTokenConstraint,
  createTokenVocabulary,
  createTransformersModel,
  type StructuredOutput,
} from '@lore/llm';
import { getLlama, LlamaLogLevel, type Token } from 'node-llama-cpp';
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
let compiled: StructuredOutput | undefined;
for (const run of ['first', 'second']) {
  const compileStart = performance.now();
  compiled = compileResponseFormat(team);
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

// The logits processor on a real-size vocabulary: Gemma 3's 262k tokens, read from the GGUF.
{
  const llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error });
  const model = await llama.loadModel({ modelPath: testModelPath(), vocabOnly: true });
  const size = (model.fileInfo.metadata.tokenizer.ggml as { tokens: unknown[] }).tokens.length;
  const vocabularyStart = performance.now();
  const texts = Array.from({ length: size }, (_, token) => {
    const text = model.detokenize([token as Token]);
    return text === '' || text.includes('\ufffd') ? undefined : text;
  });
  const vocabulary = createTokenVocabulary(texts);
  const vocabularyMs = performance.now() - vocabularyStart;
  const sample = JSON.stringify(
    {
      team: 'Platform',
      members: [
        { name: 'Ada', role: 'lead', age: 36 },
        { name: 'Linus', role: 'dev', age: 29 },
      ],
    },
    null,
    2,
  );
  const tokens = model.tokenize(sample);
  for (const pass of ['cold', 'warm']) {
    // A fresh compile is a fresh recognizer and mask cache; the second pass reuses both.
    const output = pass === 'cold' ? compileResponseFormat(team) : compiled;
    if (!output) throw new Error('no format');
    compiled = output;
    let state = output.recognizer.initial;
    const times: number[] = [];
    for (const token of tokens) {
      const start = performance.now();
      const allowed = allowedTokens(output.recognizer, vocabulary, state);
      times.push(performance.now() - start);
      if (allowed[token] !== 1) throw new Error(`token ${token} of the sample was masked`);
      state = output.recognizer.advance(state, texts[token] ?? '') ?? state;
    }
    const mean = times.reduce((sum, time) => sum + time, 0) / times.length;
    console.log(
      `Token mask over ${size} tokens (vocabulary built in ${vocabularyMs.toFixed(0)} ms), ${pass}: mean ${mean.toFixed(2)} ms, median ${median(times).toFixed(2)} ms, max ${Math.max(...times).toFixed(1)} ms per step over ${tokens.length} steps`,
    );
  }
  // When the model's own choice fits the grammar (the usual case), no mask is built: only its text is checked.
  const fresh = compileResponseFormat(team) as StructuredOutput;
  const constraint = createTokenConstraint(fresh, vocabulary, new Set([model.tokens.eos ?? -1]));
  const logits = new Float32Array(size);
  const times: number[] = [];
  for (const token of tokens) {
    const start = performance.now();
    const chosen = constraint.choose(logits, () => token);
    constraint.accept(chosen);
    times.push(performance.now() - start);
  }
  const mean = times.reduce((sum, time) => sum + time, 0) / times.length;
  console.log(
    `choose() when the model's token fits (cold, ${size} tokens): mean ${mean.toFixed(3)} ms, max ${Math.max(...times).toFixed(2)} ms per step`,
  );
  await llama.dispose();
}
