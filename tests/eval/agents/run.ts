/**
 * Agent eval: runs every task in tasks.jsonl through `lore.runAgent` with the built-in tools on real
 * collections (English fixtures in docs/, Chinese seeds-zh) and prints task success, steps, tool errors,
 * time and each failure kind.
 *
 *   npm run eval:agents -- [--tasks held-out.jsonl] [--only lookup,quote-02] [--max-steps 6] [--out results.json]
 *
 * The Chinese collection holds seeds-zh 001 and 002 unless --zh-all. LORE_EVAL_LLM_MODEL overrides the GGUF (default: Qwen2.5-Coder 0.5B Instruct), LORE_EVAL_MODELS_DIR the
 * folder holding it and the embedder (LORE_EVAL_EMBEDDING_MODEL, default Xenova/multilingual-e5-small at q8, as
 * scripts/prepare-embedding-model.sh lays it out), LORE_EVAL_SEEDS_ZH the Chinese documents.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type AgentResult, createLore } from '@lore/core';
import { createTransformersEmbedder } from '@lore/embeddings';
import { createLlamaCppModel } from '@lore/llm';
import { type AgentTask, grade, loadTasks, type Outcome } from './tasks.js';

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    // held-out.jsonl: tasks written after the policy was tuned on tasks.jsonl, to check that it generalises.
    tasks: { type: 'string', default: 'tasks.jsonl' },
    'max-steps': { type: 'string', default: '6' },
    out: { type: 'string' },
    // The two seeds-zh files the Chinese tasks ask about (34 KB); --zh-all ingests all four (420 KB).
    'zh-all': { type: 'boolean', default: false },
  },
});
const modelsDir = process.env.LORE_EVAL_MODELS_DIR ?? join(homedir(), '.cache/lore/models');
const llmPath = process.env.LORE_EVAL_LLM_MODEL ?? join(modelsDir, 'qwen2.5-coder-0.5b-instruct-q4_k_m.gguf');
const seedsZh = process.env.LORE_EVAL_SEEDS_ZH ?? '/work/shared/data/seeds-zh';
const maxSteps = Number(args['max-steps']);
// The product's default embedder (int8), as a user gets it; scripts/prepare-embedding-model.sh lays it out offline.
const embeddingModel = process.env.LORE_EVAL_EMBEDDING_MODEL ?? 'Xenova/multilingual-e5-small';

async function folderDocuments(folder: string, keep: (name: string) => boolean) {
  const names = (await readdir(folder)).filter(keep).sort();
  return Promise.all(
    names.map(async (name) => {
      const text = await readFile(join(folder, name), 'utf8');
      const heading = text.match(/^#\s+(.+)$/m)?.[1];
      return { title: heading ?? name, text };
    }),
  );
}

const selected = (task: AgentTask) => {
  if (!args.only) return true;
  const wanted = args.only.split(',');
  return wanted.includes(task.id) || wanted.includes(task.kind) || wanted.includes(task.collection);
};
const tasks = (await loadTasks(args.tasks)).filter(selected);
const dataDir = await mkdtemp(join(tmpdir(), 'lore-eval-agents-'));
const languageModel = createLlamaCppModel({ model: llmPath, contextSize: 4096, slots: 1, gpu: false });
const lore = await createLore({
  dataDir,
  embedder: createTransformersEmbedder({ model: embeddingModel, modelsDir }),
  languageModel,
});

interface Row {
  task: AgentTask;
  outcome: Outcome;
  result?: AgentResult;
  error?: string;
  ms: number;
}
const rows: Row[] = [];
try {
  const ingestStarted = performance.now();
  const sources = { towns: join(import.meta.dirname, 'docs'), 'llm-zh': seedsZh };
  for (const [name, folder] of Object.entries(sources)) {
    if (!tasks.some((task) => task.collection === name)) continue;
    await lore.collections.create({ name });
    const documents = await folderDocuments(folder, (file) =>
      name === 'towns'
        ? file.endsWith('.md')
        : file.endsWith('.txt') && (args['zh-all'] || /^00[12]_/.test(file)),
    );
    await lore.ingest({ collection: name, documents, wait: true });
  }
  console.log(`ingested in ${((performance.now() - ingestStarted) / 1000).toFixed(1)} s; model ${llmPath}`);

  for (const task of tasks) {
    const started = performance.now();
    try {
      const result = await lore.runAgent({
        input: task.question,
        collections: [task.collection],
        maxSteps,
        sampling: { temperature: 0 },
      });
      const ms = performance.now() - started;
      rows.push({ task, outcome: grade(task, result), result, ms });
    } catch (error) {
      rows.push({ task, outcome: 'error', error: (error as Error).message, ms: performance.now() - started });
    }
    const row = rows.at(-1) as Row;
    const trace = (row.result?.steps ?? [])
      .map((step) =>
        step.type === 'tool'
          ? `${step.tool}(${JSON.stringify(step.input)})${step.error ? ` ERROR ${step.error}` : ''} ${(step.modelMs / 1000).toFixed(1)}s`
          : `answer ${(step.modelMs / 1000).toFixed(1)}s`,
      )
      .join(' -> ');
    console.log(
      `${row.outcome === 'success' ? 'ok  ' : 'FAIL'} ${task.id} [${row.outcome}] ${(row.ms / 1000).toFixed(1)} s, ${row.result?.usage.promptTokens ?? 0} prompt tokens: ${trace || row.error}\n     answer: ${JSON.stringify(row.result?.answer ?? '').slice(0, 200)}`,
    );
  }
} finally {
  await lore.close();
  await rm(dataDir, { recursive: true, force: true });
}

const count = (predicate: (row: Row) => boolean) => rows.filter(predicate).length;
const toolSteps = rows.flatMap((row) => row.result?.steps.filter((step) => step.type === 'tool') ?? []);
const toolErrors = toolSteps.filter((step) => step.type === 'tool' && step.error).length;
const totalMs = rows.reduce((sum, row) => sum + row.ms, 0);
const finished = rows.filter((row) => row.result);
const steps = finished.reduce((sum, row) => sum + (row.result?.steps.length ?? 0), 0);
const success = count((row) => row.outcome === 'success');
console.log(`\ntask success: ${success}/${rows.length} (${((100 * success) / rows.length).toFixed(0)}%)`);
for (const kind of ['lookup', 'compute', 'compare', 'quote', 'refuse']) {
  const ofKind = rows.filter((row) => row.task.kind === kind);
  if (ofKind.length === 0) continue;
  console.log(`  ${kind}: ${ofKind.filter((row) => row.outcome === 'success').length}/${ofKind.length}`);
}
console.log(
  `steps per task: ${(steps / Math.max(finished.length, 1)).toFixed(2)} (model calls, incl. the answer); tool calls: ${toolSteps.length}; tool errors: ${toolErrors}`,
);
console.log(
  `time: ${(totalMs / 1000).toFixed(0)} s total, ${(totalMs / 1000 / rows.length).toFixed(1)} s per task`,
);
const failures = new Map<Outcome, number>();
for (const row of rows)
  if (row.outcome !== 'success') failures.set(row.outcome, (failures.get(row.outcome) ?? 0) + 1);
console.log(`failures: ${[...failures].map(([kind, n]) => `${kind} ${n}`).join(', ') || 'none'}`);
if (args.out) {
  await writeFile(
    args.out,
    JSON.stringify(
      rows.map(({ task, outcome, result, error, ms }) => ({ id: task.id, outcome, ms, error, result })),
      null,
      2,
    ),
  );
}
