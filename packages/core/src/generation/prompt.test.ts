import { describe, expect, it } from 'vitest';
import { ANSWER_REQUEST, ANSWER_REQUEST_ZH, answerRequest } from './prompt.js';

describe('answerRequest', () => {
  it('asks in Chinese for a question written in Chinese, names and all', () => {
    expect(answerRequest('与 GPT-3 训练集相当的公开数据集是哪个？')).toBe(ANSWER_REQUEST_ZH);
    expect(answerRequest('GPT-3 训练数据中 CommonCrawl 有多少个标记？')).toBe(ANSWER_REQUEST_ZH);
  });

  it('asks in English otherwise', () => {
    expect(answerRequest('What is the basic idea behind speculative decoding?')).toBe(ANSWER_REQUEST);
    expect(answerRequest('What does the word 困惑度 mean in the perplexity section?')).toBe(ANSWER_REQUEST);
  });
});
