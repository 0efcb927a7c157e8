import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LoreError } from '../errors.js';
import { readBeirDataset } from './beir.js';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'lore-beir-'));
  await writeFile(
    join(folder, 'corpus.jsonl'),
    '{"_id": "d1", "title": "Cats", "text": "Cats purr."}\n{"_id": 2, "text": "No title here."}\n',
  );
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('readBeirDataset', () => {
  it('reads corpus, split queries and qrels, skipping the qrels header', async () => {
    await writeFile(join(folder, 'queries.test.jsonl'), '{"_id": "q1", "text": "do cats purr"}\n');
    await writeFile(join(folder, 'qrels.test.tsv'), 'query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\t2\t0\n');
    const dataset = await readBeirDataset(folder);
    expect(dataset.corpus).toEqual([
      { id: 'd1', title: 'Cats', text: 'Cats purr.' },
      { id: '2', title: '', text: 'No title here.' },
    ]);
    expect(dataset.queries).toEqual([{ id: 'q1', text: 'do cats purr' }]);
    expect(dataset.qrels.get('q1')).toEqual(
      new Map([
        ['d1', 1],
        ['2', 0],
      ]),
    );
  });

  it('reads the standard BEIR layout and keeps only the queries judged in the split', async () => {
    await writeFile(
      join(folder, 'queries.jsonl'),
      '{"_id": "q1", "text": "a"}\n{"_id": "q2", "text": "b"}\n',
    );
    await mkdir(join(folder, 'qrels'));
    await writeFile(join(folder, 'qrels', 'dev.tsv'), 'q2\td1\t2\n');
    const dataset = await readBeirDataset(folder, { split: 'dev' });
    expect(dataset.queries.map((query) => query.id)).toEqual(['q2']);
    expect(dataset.qrels.get('q2')?.get('d1')).toBe(2);
  });

  it('says which files are missing', async () => {
    const error = await readBeirDataset(folder).catch((caught: unknown) => caught);
    expect(LoreError.is(error) && error.code).toBe('NOT_FOUND');
    expect((error as Error).message).toContain('qrels.test.tsv');
  });

  it('points at the broken line', async () => {
    await writeFile(join(folder, 'queries.test.jsonl'), '{"_id": "q1", "text": "a"}\nnot json\n');
    await writeFile(join(folder, 'qrels.test.tsv'), 'q1\td1\t1\n');
    await expect(readBeirDataset(folder)).rejects.toThrow('queries.test.jsonl:2');
  });
});
