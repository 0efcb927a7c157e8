import { expect, test } from 'vitest';
import { toSearchText } from './cjk.js';

test('CJK runs become overlapping bigrams, lone characters stay, other text is kept', () => {
  expect(toSearchText('全文检索')).toBe(' 全文 文检 检索 ');
  expect(toSearchText('用LanceDB做检索。').split(/\s+/).filter(Boolean)).toEqual([
    '用',
    'LanceDB',
    '做检',
    '检索',
    '。',
  ]);
  expect(toSearchText('ひらがなカタカナ 한국어')).toContain('한국 국어');
  expect(toSearchText('plain English, untouched.')).toBe('plain English, untouched.');
});
