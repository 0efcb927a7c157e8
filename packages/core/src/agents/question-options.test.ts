import { describe, expect, it } from 'vitest';
import { questionOptions } from './question-options.js';

describe('questionOptions', () => {
  it('reads the things a question asks to choose between', () => {
    expect(questionOptions('Which is older: the locomotive Wren or the Salt River Bridge?')).toEqual([
      'the locomotive Wren',
      'the Salt River Bridge',
    ]);
    expect(questionOptions('Which is longer, the bridge or the track?')).toEqual(['the bridge', 'the track']);
    expect(questionOptions('Which came first, the chicken, the egg or the farm?')).toEqual([
      'the chicken',
      'the egg',
      'the farm',
    ]);
    expect(questionOptions('哪个模型的参数更多，GPT-3 还是 GPT-2？')).toEqual(['GPT-3', 'GPT-2']);
  });
  it('finds none in questions that are no such choice', () => {
    expect(questionOptions('How much do four return tickets cost in total?')).toEqual([]);
    expect(questionOptions('Is it red or blue?')).toEqual([]);
    expect(questionOptions('Who designed it, and when or where?')).toEqual([]);
  });
});
