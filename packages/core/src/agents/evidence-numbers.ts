import { matchTerms } from '../generation/sentences.js';

/** Numbers offered at most; a long list is as hard for a small model as none. */
const maxNumbers = 16;

const englishNumbers: Record<string, number> = {
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  twice: 2,
  double: 2,
  triple: 3,
  half: 2,
  dozen: 12,
  hundred: 100,
  thousand: 1000,
  million: 1_000_000,
};
const chineseNumbers: Record<string, number> = {
  两: 2,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
};

// Constants a question's units imply but no document states, e.g. "per week" from a daily count.
const unitConstants: [RegExp, number[]][] = [
  [/\bweeks?\b|周|星期/iu, [7]],
  [/\bhours?\b|小时/iu, [24, 60]],
  [/\bminutes?\b|分钟/iu, [60]],
  [/\bper ?cent\b|%|百分/iu, [100]],
  [/\b(kilo)?met(re|er)s?\b|\bkm\b|公里|米/iu, [1000]],
];

/** The numbers written in digits in a text, as plain decimals ("9,500" → "9500"); clock times and names ("GPT-3") left out. */
export function digitNumbers(text: string): string[] {
  return numberSpans(text.normalize('NFKC')).map((span) => span.value);
}

const numberPattern = /(?<![\d.,:]|\p{L}-?)(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d:])/gu;

/** The numbers a question gives in digits or words ("four tickets", "两座塔"), and those its units imply. */
export function questionNumbers(question: string): string[] {
  const found = questionCounts(question);
  for (const [units, values] of unitConstants) if (units.test(question)) found.push(...values.map(String));
  return found;
}

/** The numbers a question gives itself, in digits or words. */
function questionCounts(question: string): string[] {
  const found = digitNumbers(question);
  for (const word of question.toLowerCase().match(/\p{L}+/gu) ?? []) {
    const value = englishNumbers[word];
    if (value !== undefined) found.push(String(value));
  }
  for (const [char, value] of Object.entries(chineseNumbers)) {
    // A numeral before a measure word or a noun, not inside a word such as 一共 / 一些.
    if (new RegExp(`${char}(?![共些样般起定直切])`, 'u').test(question)) found.push(String(value));
  }
  return found;
}

/**
 * The operations a question's words allow, from the cues of arithmetic word problems: "split evenly" divides,
 * "how many years after" subtracts, "in total" adds two numbers of the passages and otherwise multiplies one
 * by a count the question gives ("four tickets"); no cue leaves all four. Measured with Qwen2.5 0.5B: with the right numbers fixed, it still
 * wrote "4 + 9" for four tickets at 9 euros, "18 + 12" for 18 tonnes split across 12 varieties and "78 * 92"
 * for 一共.
 */
export function questionOperators(question: string, passageOperands: number): string {
  if (/\b(split|evenly|average|divided|shared)\b|平均|平分|均分/iu.test(question)) return '/';
  if (
    yearsBetween.test(question) ||
    /\bdifference\b|\bhow (much|many) (more|less|fewer|longer|shorter|older|younger)\b|相差|多多少|少多少/iu.test(
      question,
    )
  ) {
    return '-';
  }
  if (/\b(in total|altogether|combined|together|sum)\b|一共|总共|合计|加起来|共计/iu.test(question)) {
    return passageOperands >= 2 ? '+' : '*';
  }
  return '-+*/';
}

/**
 * The numbers a calculation for `question` may use: the question's own (years aside: "the 2023 harvest" names
 * a fact, it is no operand; none when it asks how many years after or before), its units' constants, and from the passage sentences the numbers whose sentence
 * and nearest words (four before, two after) hold most question terms, until there are two operands, with
 * ties; only years when it asks how many years after or before.
 * A small model writing an expression freely invents operands ("4 + 4 + 4" for four tickets at 9 euros),
 * and offered every number of the passages it took the wrong one ("4 * 5", the single fare); decoding it under
 * a pattern of these numbers leaves it the operation. `fromPassages` counts the passages' numbers among them.
 */
export function evidenceNumbers(
  question: string,
  sentences: readonly string[],
): { numbers: string[]; fromPassages: number } {
  const wanted = matchTerms(question);
  const overlap = (text: string) => [...matchTerms(text)].filter((term) => wanted.has(term)).length;
  const asked = new Set(questionNumbers(question));
  const years = yearsBetween.test(question);
  // A difference of years is one of two years; a number the question gives names an event ("years after
  // the harvest came to 18 tonnes"), it is no operand.
  const given = years ? [] : [...asked].filter((value) => !isYear(value));
  const scores = new Map<string, number>();
  for (const sentence of sentences) {
    const sentenceScore = overlap(sentence);
    for (const { value, start, end } of numberSpans(sentence)) {
      if (years && !isYear(value)) continue;
      const near = [...lastWords(sentence.slice(0, start), 4), ...firstWords(sentence.slice(end), 2)];
      // The sentence says what the number is about; its nearest words, which of the sentence's numbers.
      const score = sentenceScore + 2 * overlap(near.join(' '));
      if (score > (scores.get(value) ?? 0)) scores.set(value, score);
    }
  }
  const picked: string[] = [];
  let floor = 0;
  for (const [value, score] of [...scores].sort((a, b) => b[1] - a[1])) {
    if (asked.has(value)) continue;
    if (given.length + picked.length >= 2 && score < floor) break;
    picked.push(value);
    floor = score;
  }
  const numbers = [...given, ...picked].slice(0, maxNumbers);
  return { numbers, fromPassages: Math.max(0, numbers.length - given.length) };
}

// "How many years after …": a difference of years.
const yearsBetween = /\byears?\s+(after|before|later|earlier|between|passed)\b|多少年/iu;

const isYear = (value: string) => /^(1[5-9]|20)\d\d$/u.test(value);

function numberSpans(text: string): { value: string; start: number; end: number }[] {
  return [...text.matchAll(numberPattern)].map((match) => ({
    value: String(Number(match[0].replaceAll(',', ''))),
    start: match.index,
    end: match.index + match[0].length,
  }));
}

const wordSegmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
const words = (text: string) =>
  [...wordSegmenter.segment(text)].filter((part) => part.isWordLike).map((part) => part.segment);
const lastWords = (text: string, count: number) => words(text).slice(-count);
const firstWords = (text: string, count: number) => words(text).slice(0, count);

/**
 * A JSON Schema `pattern` for `a op b` with two different numbers of `numbers` and op one of `operators`.
 * Measured with Qwen2.5 0.5B: allowed longer chains or a number twice, it wrote "18 + 18 + 18 + 18" and
 * "4 * 5 + 9 * 9"; most questions a document answers by arithmetic take one operation. A difference (`-`
 * alone) takes the smaller number from the larger: asked how many years after 1931 something happened in
 * 1958, it wrote "1931 - 1958".
 */
export function expressionPattern(numbers: readonly string[], operators = '-+*/'): string {
  const literal = (value: string) => value.replaceAll('.', '\\.');
  const difference = operators === '-';
  const pairs = numbers.flatMap((left, index) => {
    const others = numbers
      .filter((right, other) => other !== index && (!difference || Number(right) < Number(left)))
      .map(literal);
    return others.length > 0 ? [`${literal(left)} [${operators}] (${others.join('|')})`] : [];
  });
  return `^(${pairs.join('|')})$`;
}
