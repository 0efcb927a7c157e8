import { expect, test } from 'vitest';
import { toQueryText, toSearchText } from './cjk.js';

const words = (text: string) => text.split(/\s+/).filter(Boolean);

test('Chinese runs become jieba search-mode words, other text stays as it is', () => {
  expect(words(toSearchText('用LanceDB做全文检索。'))).toEqual(
    expect.arrayContaining(['用', 'LanceDB', '做', '全文', '检索']),
  );
  expect(words(toSearchText('不可分割'))).toEqual(['不可', '可分', '分割', '不可分割']);
  expect(toSearchText('plain English, untouched.')).toBe('plain English, untouched.');
});

test('full-width characters match their ASCII forms', () => {
  expect(words(toSearchText('ＧＰＴ－３ 模型'))).toEqual(words(toSearchText('GPT-3 模型')));
});

test('kana and Hangul runs become character bigrams', () => {
  expect(toSearchText('ひらがな 한국어')).toContain('한국 국어');
  expect(toSearchText('ひらがな')).toContain('ひら らが がな');
});

test('queries drop Chinese question and function words, chunks keep them', () => {
  expect(words(toQueryText('GPT-3 有多少个 transformer 层？'))).toEqual(['GPT-3', 'transformer', '层', '?']);
  expect(words(toSearchText('GPT-3 有多少个 transformer 层？'))).toContain('多少');
});
