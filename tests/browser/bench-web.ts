/**
 * `npm run bench:web`: the built UI's size (gzipped) and the page's first-load time in Chromium
 * (navigation start to the load event), cold (new browser context) and warm (reload), median of runs.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { launchChromium, repositoryRoot, startLoreServer } from './support.js';

const runs = Number(process.argv.find((argument) => argument.startsWith('--runs='))?.slice(7) ?? 7);
const assetsDir = join(repositoryRoot, 'apps/web/dist/assets');

async function gzippedKilobytes(extension: string): Promise<number> {
  let bytes = 0;
  for (const name of await readdir(assetsDir)) {
    if (name.endsWith(extension)) bytes += gzipSync(await readFile(join(assetsDir, name))).length;
  }
  return bytes / 1024;
}

async function loadMilliseconds(page: Page): Promise<number> {
  // A string: evaluated in the page, and the tests compile without DOM types.
  const navigation = `performance.getEntriesByType('navigation')[0]`;
  return (await page.evaluate(`${navigation}.loadEventEnd - ${navigation}.startTime`)) as number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const server = await startLoreServer({ LORE_LLM_MODEL: 'none' });
const browser = await launchChromium();
try {
  const cold: number[] = [];
  const warm: number[] = [];
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url, { waitUntil: 'load' });
    cold.push(await loadMilliseconds(page));
    await page.reload({ waitUntil: 'load' });
    warm.push(await loadMilliseconds(page));
    await context.close();
  }
  console.log(`web UI JavaScript: ${(await gzippedKilobytes('.js')).toFixed(1)} KB gzipped (limit 250 KB)`);
  console.log(`web UI CSS:        ${(await gzippedKilobytes('.css')).toFixed(1)} KB gzipped`);
  console.log(
    `first load, cold:  ${median(cold).toFixed(0)} ms median of ${runs} (${cold.map((value) => value.toFixed(0)).join(', ')})`,
  );
  console.log(
    `reload, warm:      ${median(warm).toFixed(0)} ms median of ${runs} (${warm.map((value) => value.toFixed(0)).join(', ')})`,
  );
} finally {
  await browser.close();
  await server.stop();
}
