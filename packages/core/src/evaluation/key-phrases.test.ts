import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { keyPhraseRank, readKeyPhraseQuestions, summarizeRanks } from './key-phrases.js';

test('a key phrase is found by rank, across full width and line breaks', () => {
  const texts = ['无关的段落', 'GPT-3 共有 96 个\ntransformer 层', '另一段'];
  expect(keyPhraseRank(texts, '96 个 transformer 层')).toBe(2);
  expect(keyPhraseRank(['ＧＰＴ－３ 的成本'], 'GPT-3')).toBe(1);
  expect(keyPhraseRank(texts, '1750 亿')).toBe(0);
});

test('hit rates and MRR@10 over ranks, a miss counting zero', () => {
  expect(summarizeRanks([1, 3, 0, 12])).toEqual({
    hitAt1: 0.25,
    hitAt5: 0.5,
    hitAt10: 0.5,
    mrrAt10: (1 + 1 / 3) / 4,
    questions: 4,
  });
});

test('question files are JSON Lines with id, question and keyPhrase; a bad line names itself', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'lore-questions-'));
  try {
    const path = join(folder, 'questions.jsonl');
    await writeFile(
      path,
      '{"id":"q1","question":"什么是 epoch？","keyPhrase":"完整遍历","document":"a.txt"}\n\n',
    );
    expect(await readKeyPhraseQuestions(path)).toEqual([
      { id: 'q1', question: '什么是 epoch？', keyPhrase: '完整遍历', document: 'a.txt' },
    ]);
    await writeFile(path, '{"id":"q1","question":"x","keyPhrase":"y"}\n{"id":"q2","question":"x"}\n');
    await expect(readKeyPhraseQuestions(path)).rejects.toThrow(`${path}:2 needs string fields`);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});
