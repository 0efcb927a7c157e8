import { describe, expect, it } from 'vitest';
import { boundToQuestion, inventedNames } from './answer-binding.js';

const lighthouse = {
  title: 'The Kestrel Point Lighthouse',
  text: 'The Kestrel Point Lighthouse stands on the northern cliff. It was built in 1871 by the engineer Margaret Oduya, who designed its tower of local grey granite. The keeper’s cottage next to the tower is now a small museum. It is open from April to October, and entry is free for children under twelve.',
};
const ferry = {
  title: 'The Brindle Harbor ferry',
  text: 'A passenger ferry called the Silver Tern links Brindle Harbor with the island of Callow. The ferry carries up to 180 passengers and 12 bicycles. A return ticket costs 9 euros for adults; dogs travel free if they are kept on a lead. The Silver Tern was launched in 1996.',
};
const book = {
  title: '002.txt',
  text: '极具影响力的人工智能专家,GitHub项目LLMs-from-scratch的星标数达4万。\n现在大模型独角兽公司Lightning AI任资深研究工程师。博士毕业于密歇根州立大学,2018~2023年威斯康星大学麦迪逊分校助理教授。',
};

describe('boundToQuestion', () => {
  it("fails a fact taken from another entity's source", () => {
    expect(
      boundToQuestion(
        'The Silver Tern was designed by Margaret Oduya.',
        'Who designed the Silver Tern ferry?',
        [lighthouse, ferry],
      ),
    ).toBe(false);
  });

  it('fails a figure stated for another attribute than the one asked', () => {
    expect(
      boundToQuestion(
        'The entry fee for adults at the keeper’s cottage museum is 9 euros.',
        'How much is the entry fee for adults at the keeper’s cottage museum?',
        [lighthouse, ferry],
      ),
    ).toBe(false);
    expect(
      boundToQuestion('LLMs-from-scratch 项目是2023年创建的。', 'LLMs-from-scratch 项目是哪一年创建的？', [
        book,
      ]),
    ).toBe(false);
  });

  it('passes facts stated beside what the question asks, in English and Chinese', () => {
    expect(
      boundToQuestion(
        'The Silver Tern carries up to 180 passengers.',
        'How many passengers can the Silver Tern carry?',
        [lighthouse, ferry],
      ),
    ).toBe(true);
    expect(
      boundToQuestion('It was built by Margaret Oduya.', 'Who built the Kestrel Point Lighthouse?', [
        ferry,
        lighthouse,
      ]),
    ).toBe(true);
    expect(boundToQuestion('威斯康星大学麦迪逊分校。', '拉施卡在哪所大学担任过助理教授？', [book])).toBe(
      true,
    );
  });

  it('passes question words no source spells alike, and answers that add nothing', () => {
    const festival = {
      title: 'The Lantern Festival',
      text: 'Every year on the last Saturday of September, Brindle Harbor holds the Lantern Festival.',
    };
    const observatory = {
      title: 'Observatory',
      text: 'Public viewing nights are held every clear Thursday.',
    };
    expect(
      boundToQuestion('It is held on the last Saturday of September.', 'When is the Lantern Festival held?', [
        observatory,
        festival,
      ]),
    ).toBe(true);
    expect(boundToQuestion('The Silver Tern.', 'What is the Silver Tern?', [ferry])).toBe(true);
  });
});

describe('inventedNames', () => {
  it('finds a capitalised name that neither the question nor a source holds', () => {
    expect(
      inventedNames('Mistral AI 公司的总部设在 London。', 'Mistral AI 公司的总部设在哪个城市？', [book]),
    ).toEqual(['London']);
  });

  it("passes names from the sources or the question, and a sentence's first word", () => {
    expect(
      inventedNames('The engineer was Margaret Oduya. Then the Silver Tern came.', 'Who built it?', [
        lighthouse,
        ferry,
      ]),
    ).toEqual([]);
    expect(inventedNames('Lightning AI。', '拉施卡在哪家公司工作？', [book])).toEqual([]);
  });
});
