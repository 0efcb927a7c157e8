import { parseArgs } from 'node:util';
import { LoreError, retrievalDefaults } from '@lore/core';
import { loadConfig } from '../config.js';
import { errorMessage } from '../errors.js';
import { startTracing, type Tracing } from '../tracing.js';
import { runDoctorCommand } from './doctor.js';
import { runEval } from './eval.js';
import { runIngest } from './ingest.js';
import { runKeys } from './keys.js';
import { runMcp } from './mcp.js';
import { runSearch } from './search.js';
import { runSync } from './sync.js';

const usage = `Usage:
  lore ingest <paths...> --collection <name> [--metadata '{"k":"v"}']
  lore sync <folder> --collection <name> [--interval <seconds>] [--json]
                                      keep a collection in step with a folder: new, changed, renamed, deleted files
  lore sync <url> --collection <name> [--max-pages N] [--max-depth N] [--interval <seconds>] [--json]
                                      the same for a site: a sitemap's pages, or a start page and its same-site links
  lore search --collection <name> [--mode hybrid|vector|keyword] [--top-k ${retrievalDefaults.search.topK}] [--json] "<query>"
  lore doctor [--repair] [--json]     check that Postgres and LanceDB agree; --repair fixes what it finds
  lore keys create --scope read[,ingest,admin] [--collections a,b] [--name <label>]   prints the key once
  lore keys list [--json] | lore keys revoke <id or prefix>
  lore mcp                            Lore as an MCP server over stdio (tools: search, ask, ingest_text)
  lore eval --dataset <BEIR folder> [--mode hybrid|vector|keyword|all] [--json] [--limit N] [--rerank]
  lore eval --dataset <folder of documents> --questions <questions.jsonl> [--mode ...] [--json] [--limit N]
                                      questions: {"id","question","keyPhrase","document"?} per line; hit@1/5/10, MRR

Settings come from the environment (LORE_DATA_DIR, DATABASE_URL, LORE_MODELS_DIR, LORE_EMBEDDING_MODEL, …);
see README.md.`;

/** Set once the configuration is read; flushed before the process exits. */
let tracing: Tracing | undefined;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      collection: { type: 'string', short: 'c' },
      mode: { type: 'string', short: 'm' },
      'top-k': { type: 'string', short: 'k' },
      json: { type: 'boolean' },
      dataset: { type: 'string' },
      questions: { type: 'string' },
      limit: { type: 'string' },
      metadata: { type: 'string' },
      repair: { type: 'boolean' },
      rerank: { type: 'boolean' },
      scope: { type: 'string' },
      collections: { type: 'string' },
      name: { type: 'string' },
      interval: { type: 'string' },
      'max-pages': { type: 'string' },
      'max-depth': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (!command || values.help || command === 'help') {
    console.log(usage);
    return command ? 0 : 1;
  }
  const config = loadConfig();
  tracing = startTracing(config, 'lore-cli');
  switch (command) {
    case 'ingest':
      return runIngest(config, positionals, values);
    case 'sync':
      return runSync(config, positionals, values);
    case 'search':
      return runSearch(config, positionals, values);
    case 'doctor':
      return runDoctorCommand(config, values);
    case 'keys':
      return runKeys(config, positionals, values);
    case 'mcp':
      return runMcp(config);
    case 'eval':
      return runEval(config, values);
    default:
      console.error(`lore: unknown command "${command}".\n${usage}`);
      return 1;
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof LoreError) {
    console.error(`lore: ${errorMessage(error)}`);
  } else if (error instanceof Error && error.message.startsWith('Invalid configuration')) {
    console.error(`lore: ${error.message}`);
  } else {
    console.error(error);
  }
  process.exitCode = 1;
} finally {
  await tracing?.shutdown(); // exports the spans still queued
}
