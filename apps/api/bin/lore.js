#!/usr/bin/env node
// The `lore` command runs the compiled CLI; `npm install` builds it (the root `prepare` script).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('lore: the CLI is not built yet. Run `npm run build` in the Lore folder.');
  process.exit(1);
}
await import(entry.href);
