import { describe, expect, it } from 'vitest';
import { questionNames, unboundNumbers } from './answer-binding.js';
import {
  answersTheKind,
  askedCount,
  countsWhatWasAsked,
  tellsTheTime,
  unsupportedCurrencies,
} from './asked-quantity.js';

const festival =
  "The festival began in 1952, when fishermen's families lit paper lanterns on the quay. Today about 8,000 visitors come.";
const lifeboat = 'The station opened after the wreck of the Amelia, in which eleven sailors drowned.';

describe('askedCount', () => {
  it('names the thing a question asks the number of, in English and Chinese', () => {
    expect(askedCount('How many steps lead up to the lantern room?')).toBe('step');
    expect(askedCount('GPT-3 训练数据中 CommonCrawl 有多少个标记？')).toBe('标');
    expect(askedCount('训练 Llama 3.1 用了多少块 GPU？')).toBe('gpu');
    expect(askedCount('量化 LLM 权重通常能把所需内存减少多少？')).toBeUndefined();
    expect(askedCount('Who built the lighthouse?')).toBeUndefined();
  });
});

describe('countsWhatWasAsked', () => {
  it('fails an answer whose number counts something else than what was asked', () => {
    const question = 'How many lanterns were lit at the first Lantern Festival?';
    expect(countsWhatWasAsked('About 8,000 visitors come for the evening.', question, [festival])).toBe(
      false,
    );
    expect(countsWhatWasAsked('It began in 1952.', question, [festival])).toBe(false);
    expect(countsWhatWasAsked('The station has 11 sailors.', 'How many people live here?', [lifeboat])).toBe(
      false,
    );
  });

  it("does not take the answer's own word for what its number counts", () => {
    const question = 'How many lanterns were lit at the first Lantern Festival?';
    expect(countsWhatWasAsked('The festival lit 8,000 lanterns.', question, [festival])).toBe(false);
    expect(countsWhatWasAsked('11 sailors drowned.', 'How many sailors drowned?', ['no source'])).toBe(false);
  });

  it('passes a count next to its number in a source, digits or words, before or after it', () => {
    expect(countsWhatWasAsked('Eleven.', 'How many sailors drowned?', [lifeboat])).toBe(true);
    expect(countsWhatWasAsked('11 sailors drowned.', 'How many sailors drowned?', [lifeboat])).toBe(true);
    expect(countsWhatWasAsked('96 层。', 'GPT-3 有多少层？', ['GPT-3 的层数为 96，参数有 1750 亿个'])).toBe(
      true,
    );
    expect(
      countsWhatWasAsked('GPT-3 有 96 层。', 'ＧＰＴ－３ 有多少层？', [
        'GPT-3 有 96 个 transformer 层和 1750 亿个参数',
      ]),
    ).toBe(true);
    expect(countsWhatWasAsked('减少 50-75%', '内存减少多少？', [])).toBe(true);
  });

  it('fails an answer to a count that gives no number', () => {
    expect(
      countsWhatWasAsked('The crew are all volunteers.', 'How many volunteers are there?', [lifeboat]),
    ).toBe(false);
  });
});

describe('unsupportedCurrencies', () => {
  it('names a currency the answer gives that the sources never name', () => {
    const source = 'Its lens is 40 centimetres across. A return ticket costs 9 euros.';
    expect(unsupportedCurrencies('The telescope cost £40.', source)).toEqual(['£']);
    expect(unsupportedCurrencies('A return ticket costs 9 euros.', source)).toEqual([]);
  });
});

describe('tellsTheTime', () => {
  it('fails an answer to "what time" that says no time of day', () => {
    const question = "What time does Ostrander's Bakery close in the evening?";
    expect(tellsTheTime("Ostrander's Bakery is the oldest shop in Brindle Harbor.", question)).toBe(false);
    expect(tellsTheTime('It opened in 1888.', question)).toBe(false);
    expect(tellsTheTime('面包店开了很多年。', '面包店晚上几点关门？')).toBe(false);
  });

  it('passes a time of day, in digits or words, and questions that ask no time', () => {
    expect(tellsTheTime('The bakers start at half past three.', 'At what time do the bakers start?')).toBe(
      true,
    );
    expect(tellsTheTime('It closes at 6 pm.', 'What time does it close?')).toBe(true);
    expect(tellsTheTime('At 18:30.', 'What time does it close?')).toBe(true);
    expect(tellsTheTime("At ten o'clock.", 'What time are the lanterns set on the water?')).toBe(true);
    expect(tellsTheTime('晚上七点关门。', '面包店晚上几点关门？')).toBe(true);
    expect(tellsTheTime('In 1888.', 'When did the bakery open?')).toBe(true);
  });
});

describe('unboundNumbers', () => {
  const gpt3 = { title: '001.txt', text: '*GPT-3，460 万美元的语言模型*，据估计预训练花了 460 万美元。' };
  const moe = { title: '004.txt', text: '最著名的是 Mistral AI 的“Mixtral”模型（8x7B 和 8x22B）。' };

  it("names a question's names: Latin words in Chinese, capitalised words in English", () => {
    expect(questionNames('训练 Mixtral 花了多少美元？')).toEqual(['mixtral']);
    expect(questionNames('How many lanterns were lit at the first Lantern Festival?')).toEqual([
      'lantern',
      'festival',
    ]);
    expect(questionNames('What is the basic idea behind speculative decoding?')).toEqual([]);
  });

  it('finds a figure taken from a source that does not name what was asked about', () => {
    expect(
      unboundNumbers('训练 Mixtral 花了 460 万美元[[2]](#_ftn2)。', '训练 Mixtral 花了多少美元？', [
        moe,
        gpt3,
      ]),
    ).toEqual(['460']);
  });

  it('passes figures from a naming source or title, citation markers and questions without names', () => {
    expect(unboundNumbers('GPT-3 花了 460 万美元 [1]。', 'GPT-3 的预训练花了多少钱？', [gpt3])).toEqual([]);
    expect(
      unboundNumbers('Mixtral 有 8x7B 和 8x22B 两种 [2]。', 'Mixtral 有哪些规模？', [gpt3, moe]),
    ).toEqual([]);
    const lighthouse = { title: 'Kestrel Point Lighthouse', text: 'The tower has 212 steps.' };
    expect(
      unboundNumbers('212 steps [1].', 'How many steps does the Kestrel Point Lighthouse have?', [
        lighthouse,
      ]),
    ).toEqual([]);
    expect(unboundNumbers('About 460.', 'What did training cost?', [moe])).toEqual([]);
  });
});

describe('countsWhatWasAsked, modifiers', () => {
  it('does not take a word before a unit of time for the thing counted', () => {
    const llama = '例如，训练Llama 3.1系列模型消耗了大约4000万GPU小时。';
    expect(countsWhatWasAsked('大约4000万GPU小时。', '训练 Llama 3.1 一共用了多少块 GPU？', [llama])).toBe(
      false,
    );
    expect(
      countsWhatWasAsked('40 million GPU hours.', 'How many GPUs were used?', [
        'Training took 40 million GPU hours.',
      ]),
    ).toBe(false);
    expect(
      countsWhatWasAsked('16,000 GPUs.', 'How many GPUs were used?', ['It ran on 16,000 GPUs for 54 days.']),
    ).toBe(true);
  });
});

describe('answersTheKind', () => {
  it('fails a bare number given for who, where or which thing', () => {
    expect(
      answersTheKind(
        '安德鲁·布尔科夫在2007年获得了博士学位。',
        '安德鲁·布尔科夫是在哪所大学获得博士学位的？',
      ),
    ).toBe(false);
    expect(answersTheKind('In 1871.', 'Who built the lighthouse?')).toBe(false);
  });

  it('passes names, and numbers for questions that ask a year or a count', () => {
    expect(answersTheKind('密歇根州立大学。', '拉施卡在哪所大学获得博士学位？')).toBe(true);
    expect(answersTheKind('Margaret Oduya, in 1871.', 'Who built the lighthouse?')).toBe(true);
    expect(answersTheKind('2023年。', '项目是哪一年创建的？')).toBe(true);
    expect(answersTheKind('In 1871.', 'In which year was it built?')).toBe(true);
    expect(answersTheKind('212.', 'How many steps does it have?')).toBe(true);
  });
});
