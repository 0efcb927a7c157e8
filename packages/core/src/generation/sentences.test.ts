import { describe, expect, it } from 'vitest';
import { unsupportedEchoes, unsupportedNumbers } from './sentences.js';

const ferry =
  'The Silver Tern carries 180 passengers. Margaret Oduya built the lighthouse. A return ticket costs 9 euros.';

describe('unsupportedEchoes', () => {
  it('names a word the answer repeats from the question that the sources never use', () => {
    const answer = 'The captain of the Silver Tern is Margaret Oduya.';
    expect(unsupportedEchoes(answer, 'Who is the captain of the Silver Tern?', ferry)).toEqual(['captain']);
  });

  it('passes an answer whose repeated words the sources hold, in other inflections too', () => {
    const answer = "The Silver Tern's ticket costs 9 euros.";
    expect(unsupportedEchoes(answer, 'What does a return ticket cost on the Silver Tern?', ferry)).toEqual(
      [],
    );
    expect(
      unsupportedEchoes('It carries 180 passengers.', 'How many passengers does it carry?', ferry),
    ).toEqual([]);
  });

  it('ignores short words and words the question does not ask about', () => {
    expect(unsupportedEchoes('You can take a bike.', 'Can I take my bike?', ferry)).toEqual([]);
    expect(unsupportedEchoes('Margaret Oduya, an engineer.', 'Who built the lighthouse?', ferry)).toEqual([]);
  });

  it('over Chinese sources counts only numbers, since an English question uses words they spell in Chinese', () => {
    const source = 'GPT-3 有 96 个 transformer 层和 1750 亿个参数，预训练成本估计为 460 万美元。';
    expect(unsupportedEchoes('GPT-5 有 96 层。', 'GPT-5 有多少层？', source)).toEqual(['5']);
    expect(
      unsupportedEchoes(
        'The estimated pretraining cost is 460万美元.',
        'What is the estimated pretraining cost?',
        source,
      ),
    ).toEqual([]);
  });
});

describe('unsupportedNumbers', () => {
  it('names the figures of an answer that no source states, full-width digits included', () => {
    expect(unsupportedNumbers('A ticket costs 9 euros; 180 passengers.', ferry)).toEqual([]);
    expect(unsupportedNumbers('《从零构建大模型》的定价是１０５元。', ferry)).toEqual(['105']);
    expect(unsupportedNumbers('It carries 1800 passengers.', ferry)).toEqual(['1800']);
  });
});

describe('unsupportedNumbers with number words', () => {
  it('counts a figure the sources spell out in English or Chinese words as stated', () => {
    const cats = 'The domestic cat sleeps for about fifteen hours a day. 编码器重复六次。';
    expect(unsupportedNumbers('A cat sleeps 15 hours.', cats)).toEqual([]);
    expect(unsupportedNumbers('重复了 6 次。', cats)).toEqual([]);
    expect(unsupportedNumbers('A cat sleeps 16 hours.', cats)).toEqual(['16']);
  });
});
