import { describe, expect, it } from 'vitest';
import {
  digitNumbers,
  evidenceNumbers,
  expressionPattern,
  questionNumbers,
  questionOperators,
} from './evidence-numbers.js';

describe('evidence numbers', () => {
  it('reads digits as plain decimals, without clock times', () => {
    expect(digitNumbers('About 9,500 vehicles, 0.25 euros, 92GB, GPT-3, open 10:00 to 19:30.')).toEqual([
      '9500',
      '0.25',
      '92',
    ]);
  });
  it("takes a question's numbers in digits and words, and those its units imply", () => {
    expect(questionNumbers('How much do four tickets cost for 12 days?')).toEqual(['12', '4']);
    expect(questionNumbers('How many vehicles cross in one week?')).toEqual(['7']);
    expect(questionNumbers('两座塔一共多高？')).toEqual(['2']);
  });
  it("adds the passages' numbers that the question's words stand nearest to, until there are two", () => {
    const sentences = [
      'A single ticket costs 5 euros and a return ticket costs 9 euros.',
      'The choir has 36 singers.',
    ];
    expect(evidenceNumbers('What do four return tickets cost?', sentences).numbers).toEqual(['4', '9']);
    expect(
      evidenceNumbers('What is the price of a single ticket and a return ticket together?', sentences)
        .numbers,
    ).toEqual(['5', '9']);
  });
  it('takes years for "how many years after", and no year of the question as an operand', () => {
    const sentences = [
      'The choir was founded in 2009 and has 36 singers.',
      'In 2017 it won first prize at the regional festival.',
      'In 2023 the harvest came to 18 tonnes.',
    ];
    expect(
      evidenceNumbers(
        'How many years after its founding did the choir win first prize?',
        sentences,
      ).numbers.sort(),
    ).toEqual(['2009', '2017']);
    expect(evidenceNumbers('How many kilos is the 2023 harvest in tonnes?', sentences).numbers).not.toContain(
      '2023',
    );
  });
  it('takes no number of the question as an operand of "how many years after": it names an event', () => {
    const sentences = [
      'It was founded in 1987 by Tomas Brandl.',
      'In 2023 the harvest came to 18 tonnes of apples.',
    ];
    const question = 'How many years after the orchard was founded did its harvest come to 18 tonnes?';
    const { numbers, fromPassages } = evidenceNumbers(question, sentences);
    expect(numbers.sort()).toEqual(['1987', '2023']);
    expect(fromPassages).toBe(2);
  });
  it('makes a pattern of one operation on two different given numbers', () => {
    const pattern = new RegExp(expressionPattern(['4', '0.25', '9']), 'u');
    expect(pattern.test('0.25 * 4')).toBe(true);
    expect(pattern.test('9 - 4')).toBe(true);
    expect(pattern.test('4 + 4')).toBe(false);
    expect(pattern.test('4 * 9 + 0.25')).toBe(false);
    expect(pattern.test('0x25 * 4')).toBe(false);
  });
  it('subtracts only the smaller number from the larger when the question asks for a difference', () => {
    // "How many years after 1931 … 1958?" is 27, not -27.
    const pattern = new RegExp(expressionPattern(['1931', '1958'], '-'), 'u');
    expect(pattern.test('1958 - 1931')).toBe(true);
    expect(pattern.test('1931 - 1958')).toBe(false);
  });
  it("allows the operations a question's words ask for", () => {
    const split = 'If the harvest were split evenly across the varieties, what would each give?';
    expect(questionOperators(split, 2)).toBe('/');
    expect(questionOperators('How many years after its founding did the choir win?', 2)).toBe('-');
    // "In total": a count the question gives times one fact, or two facts of the passages added.
    expect(questionOperators('How much do four tickets cost in total?', 1)).toBe('*');
    expect(questionOperators('这两个数据集一共有多少 GB？', 2)).toBe('+');
    expect(questionOperators('How many vehicles cross the bridge in a week?', 1)).toBe('-+*/');
  });
});
