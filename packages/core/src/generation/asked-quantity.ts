import { matchTerms } from './sentences.js';

const wordSegmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
const han = /\p{Script=Han}/u;
const stem = (word: string) => word.replace(/(ing|ed|es|s)$/u, '') || word;

const numberWords = new Map<string, string>(
  [
    ...'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty'.split(
      ' ',
    ),
  ].map((word, value) => [word, String(value)]),
);
for (const [index, word] of 'thirty forty fifty sixty seventy eighty ninety'.split(' ').entries())
  numberWords.set(word, String(30 + 10 * index));
for (const [value, char] of [...'零一二三四五六七八九十'].entries()) numberWords.set(char, String(value));
numberWords.set('两', '2');

/** Chinese measure words between 多少 and the thing counted ("多少个标记", "多少块 GPU"). */
const measureWords = new Set([...'个块只条位名张台件种']);
/** Words a text may be read through at most between a number and the thing it counts ("96 个 transformer 层"). */
const reach = 4;
/** Words a text may be read through between the thing counted and a number after it. */
const reachBack = 3;

interface Token {
  text: string;
  /** The value as digits, for a number ("8,000" → "8000", "eleven" → "11", "六" → "6"). */
  number?: string;
}

/** Words (lower-cased, NFKC, crudely stemmed) and single Han characters, in order; numbers carry their value. */
function tokens(text: string): Token[] {
  const result: Token[] = [];
  for (const { segment, isWordLike } of wordSegmenter.segment(text.normalize('NFKC').toLowerCase())) {
    if (!isWordLike) continue;
    // Digits inside a word ("gpt-3", "£40" stays "40") are numbers of their own.
    for (const piece of segment.match(/\d[\d,.]*\d|\d|[^\d]+/gu) ?? []) {
      if (/^\d/u.test(piece)) result.push({ text: piece, number: piece.replace(/,/gu, '') });
      else if (han.test(piece)) for (const char of piece) result.push({ text: char, ...numberOf(char) });
      else result.push({ text: stem(piece), ...numberOf(piece) });
    }
  }
  return result;
}

function numberOf(word: string): { number?: string } {
  const value = numberWords.get(word);
  return value === undefined ? {} : { number: value };
}

/**
 * The values of the numbers in a text ("8,000" → "8000", "eleven" → "11"); with `digits`, only those written
 * in digits.
 */
export function numbersIn(text: string, options: { digits?: boolean } = {}): Set<string> {
  return new Set(
    tokens(text).flatMap((token) =>
      token.number && (!options.digits || /^\d/u.test(token.text)) ? [token.number] : [],
    ),
  );
}

/**
 * The thing a question asks the number of: the word after "how many" ("How many steps …" → "step") or the
 * character after 多少 and a measure word ("有多少个标记" → "标"); undefined when it asks for no count.
 */
export function askedCount(question: string): string | undefined {
  const words = tokens(question);
  for (let i = 0; i + 1 < words.length; i++) {
    if (words[i]?.text === 'how' && words[i + 1]?.text === 'many') return words[i + 2]?.text;
  }
  const normalized = question.normalize('NFKC');
  const at = normalized.indexOf('多少');
  if (at < 0) return undefined;
  const after = [...normalized.slice(at + 2).trimStart()];
  while (after[0] && measureWords.has(after[0])) after.shift();
  const next = after.join('').trimStart();
  const word = next.match(/^(\p{Script=Han}|[a-z]+)/iu)?.[0];
  return word ? tokens(word)[0]?.text : undefined;
}

/**
 * `number` counts `thing` somewhere in the text: the thing follows within a few words ("212 steps", "96 个
 * transformer 层") or just precedes it ("层数为 96").
 */
function counts(text: Token[], number: string, thing: string): boolean {
  const isThingAt = (at: number) => {
    const word = text[at]?.text;
    return (word === thing || word === `${thing}s`) && !modifiesAUnit(text, at + 1);
  };
  const anyBetween = (from: number, to: number) => {
    for (let at = Math.max(0, from); at < Math.min(to, text.length); at++) if (isThingAt(at)) return true;
    return false;
  };
  return text.some(
    (token, index) =>
      token.number === number &&
      (anyBetween(index + 1, index + 1 + reach) || anyBetween(index - reachBack, index)),
  );
}

/**
 * Units of time a counted word can modify ("GPU hours", "GPU小时", "man-days"), as token texts in order: the
 * crude stem makes "minutes" "minut" but leaves "minute" whole, so both are listed.
 */
const timeUnits = [
  ['hour'],
  ['minute'],
  ['minut'],
  ['second'],
  ['day'],
  ['week'],
  ['month'],
  ['year'],
  ['小', '时'],
  ['分', '钟'],
  ['天'],
  ['周'],
  ['年'],
];

/**
 * The tokens from `at` on start with a unit of time, so the word before them is a modifier, not the thing
 * counted: "40 million GPU hours" counts hours, not GPUs.
 */
function modifiesAUnit(text: Token[], at: number): boolean {
  return timeUnits.some((unit) => unit.every((part, offset) => text[at + offset]?.text === part));
}

/**
 * An answer to "how many X" / "多少X" must give a number that a source uses to count X: a small model answers
 * an unanswerable count with a nearby figure ("How many people live in the town?" → "11 sailors"; "How many
 * lanterns were lit?" → "8,000 lanterns", over a source that counts 8,000 visitors), so what the answer itself
 * says the number counts is not evidence. Questions that ask no count always pass.
 */
export function countsWhatWasAsked(answer: string, question: string, sources: string[]): boolean {
  const thing = askedCount(question);
  if (!thing) return true;
  const numbers = numbersIn(answer);
  const texts = sources.map(tokens);
  return [...numbers].some((number) => texts.some((text) => counts(text, number, thing)));
}

const currency = /[£€$¥]|\b(euro|pound|dollar|yen)s?\b|美元|欧元|英镑|日元/giu;

/**
 * Currencies the answer names that no source names: the model priced a telescope at "£40 centimetres" over
 * sources that give its lens size and no price.
 */
export function unsupportedCurrencies(answer: string, source: string): string[] {
  const named = (text: string) =>
    new Set(
      (text.normalize('NFKC').match(currency) ?? []).map((mark) => mark.toLowerCase().replace(/s$/u, '')),
    );
  const present = named(source);
  return [...named(answer)].filter((mark) => !present.has(mark));
}

const asksTime = /\b(what|which) time\b|\bat what hour\b|几点/iu;
const clockTime =
  /\d{1,2}[:.]\d{2}|\d{1,2}\s*[ap]\.?m\b|o'?clock|\b(half|quarter) (past|to)\b|\b(noon|midday|midnight)\b|[\d一二三四五六七八九十两]\s*点|中午|午夜|凌晨/iu;

/**
 * An answer to "what time …" / "几点" must say a time of day: asked when a bakery closes over sources that
 * never say, a small model describes the bakery instead. Questions that ask no time always pass.
 */
export function tellsTheTime(answer: string, question: string): boolean {
  return !asksTime.test(question.normalize('NFKC')) || clockTime.test(answer.normalize('NFKC'));
}

/** Questions that ask for a person, a place or a named thing, which no bare number answers. */
const asksAName =
  /\b(who|whom|whose|where)\b|\bwhich (?!years?\b|days?\b|times?\b|dates?\b|months?\b)\p{L}+|谁|哪里|哪儿|哪(?!一?年|天|月|日)[所家个位座条种]/iu;

/**
 * An answer to "who", "where", "which university" or 哪所大学 must add more than numbers: asked at which
 * university someone took a doctorate, a small model gives the year ("在2007年获得了博士学位"). Other
 * questions, and answers that add words of their own, pass.
 */
export function answersTheKind(answer: string, question: string): boolean {
  if (!asksAName.test(question.normalize('NFKC'))) return true;
  const asked = matchTerms(question);
  const added = [...matchTerms(answer)].filter((term) => !asked.has(term));
  return added.length === 0 || added.some((term) => !/^\d+$/u.test(term));
}
