/**
 * Writes docs/api.md (from the server's /openapi.json) and the table in docs/configuration.md (from
 * apps/api/src/config.ts). `--check` writes nothing and exits 1 when either file is out of date;
 * `--only=api` or `--only=configuration` limits the run to one of them.
 *
 *   npm run docs:generate      npm run docs:check
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createApp } from '@lore/api';
import { createLore, type Embedder, LoreError } from '@lore/core';
import { type OpenApiDocument, renderApiReference } from './api-reference.js';
import { renderConfigurationTable } from './configuration-table.js';

const docs = resolve(import.meta.dirname, '..');
const check = process.argv.includes('--check');
const only = process.argv.find((argument) => argument.startsWith('--only='))?.slice('--only='.length);

/** The OpenAPI document of a server over an empty Lore; no model is loaded to describe the routes. */
async function openApiDocument(): Promise<OpenApiDocument> {
  const unused = () =>
    Promise.reject(new LoreError('MODEL_UNAVAILABLE', 'The docs generator embeds nothing.'));
  const embedder: Embedder = {
    provider: 'none',
    modelId: 'none',
    dimensions: unused,
    embed: unused,
    tokenizer: unused,
    close: async () => {},
  };
  const dataDir = await mkdtemp(join(tmpdir(), 'lore-docs-'));
  const lore = await createLore({ dataDir, embedder, worker: false });
  try {
    const response = await createApp(lore, { maxRequestBytes: 1 }).request('/openapi.json');
    return (await response.json()) as OpenApiDocument;
  } finally {
    await lore.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const begin = '<!-- configuration table: generated -->';
const end = '<!-- end of configuration table -->';
const configurationPath = join(docs, 'configuration.md');
const configuration = await readFile(configurationPath, 'utf8');
const [before, rest] = configuration.split(begin);
const after = rest?.split(end)[1];
if (before === undefined || after === undefined)
  throw new Error(`${configurationPath} lacks the ${begin} markers.`);

const outputs = [
  { name: 'api', path: join(docs, 'api.md'), text: () => openApiDocument().then(renderApiReference) },
  {
    name: 'configuration',
    path: configurationPath,
    text: async () => `${before}${begin}\n${renderConfigurationTable()}\n${end}${after}`,
  },
].filter((output) => !only || output.name === only);
let stale = 0;
for (const output of outputs) {
  const current = await readFile(output.path, 'utf8').catch(() => '');
  const text = await output.text();
  if (current === text) continue;
  if (check) {
    stale++;
    console.error(`${output.path} is out of date: run npm run docs:generate`);
  } else {
    await writeFile(output.path, text);
    console.log(`wrote ${output.path}`);
  }
}
process.exitCode = stale > 0 ? 1 : 0;
