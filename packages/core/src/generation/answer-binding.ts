import { numbersIn } from './asked-quantity.js';
import { matchTerms, splitSentences } from './sentences.js';

/*
 * Checks that an answer is bound to what the question is about, not taken from a neighbouring entity: its
 * numbers (`unboundNumbers`), its facts (`boundToQuestion`) and its names (`inventedNames`). They share what
 * the question names (`questionNames`) and how a source, with its title, is read for it.
 */

/**
 * Question terms that say what kind of answer is wanted, not what it is about: a year or a name is rarely
 * written beside the fact that answers "in which year" or "what is the name of".
 */
const answerKinds = new Set([
  'year',
  'date',
  'time',
  'name',
  'day',
  'week',
  'kind',
  'type',
  'number',
  '多少',
  '哪个',
  '哪所',
  '哪家',
  '哪位',
  '哪些',
  '哪一',
  '一年',
  '哪年',
  '什么',
  '时候',
  '名字',
  '是否',
  '如何',
  '怎样',
]);

/**
 * Most terms of its own an answer may add to be judged as a stated fact: near-miss answers are short (a name, a
 * year, a price), and a longer answer, copied from a passage, is judged by the share of it the sources hold.
 */
const factoidTerms = 8;

/** Least share of the best window's question terms that a window stating the answer must hold. */
const minBound = 0.5;

export interface BindingSource {
  text: string;
  title: string;
}

const han = /\p{Script=Han}/u;
const questionWords = new Set(
  'what which who whom whose when where why how is are was were do does did can could'.split(' '),
);

/**
 * The names a question is about: in a question with Han text, its Latin words ("Mixtral", "GPT"); otherwise
 * its capitalised words after the first ("Lantern", "Festival"), question words aside. Lower-cased.
 */
export function questionNames(question: string): string[] {
  const text = question.normalize('NFKC');
  const words = text.match(/[A-Za-z][A-Za-z0-9]*/gu) ?? [];
  const names = han.test(text)
    ? words.filter((word) => word.length >= 2)
    : words.slice(1).filter((word) => /^[A-Z]/u.test(word) && !questionWords.has(word.toLowerCase()));
  return [...new Set(names.map((word) => word.toLowerCase()))];
}

/** A source as the checks read it: its title, then its text. */
const withTitle = (source: BindingSource) => `${source.title}\n${source.text}`;

/** How many of the question's names the source (with its title) holds. */
function namesHeld(source: BindingSource, names: readonly string[]): number {
  const whole = withTitle(source).normalize('NFKC').toLowerCase();
  return names.filter((name) => whole.includes(name)).length;
}

/**
 * Numbers the answer gives (not taken from the question) that no source naming what the question names
 * holds: asked what training Mixtral cost, a small model gives GPT-3's cost from a source that never names
 * Mixtral. A source counts with its title. Questions that name nothing bind nothing.
 */
export function unboundNumbers(answer: string, question: string, sources: BindingSource[]): string[] {
  const names = questionNames(question);
  if (names.length === 0) return [];
  const asked = numbersIn(question);
  // Figures in digits: number words ("一种", "two of them") restate more than they quote. Citation markers
  // ("[2]", "[[2]](#_ftn2)") are not figures.
  const figures = answer.replace(/\[\[?\d+\]\]?(\(#[^)]*\))?/gu, ' ');
  const given = [...numbersIn(figures, { digits: true })].filter((number) => !asked.has(number));
  const naming = sources
    .filter((source) => namesHeld(source, names) > 0)
    .map((source) => numbersIn(withTitle(source)));
  return given.filter((number) => !naming.some((numbers) => numbers.has(number)));
}

interface Window {
  terms: Set<string>;
  /** Its source (with its title) names what the question names. */
  named: boolean;
}

function windowsOf(sources: BindingSource[], names: string[]): Window[] {
  const windows: Window[] = [];
  for (const source of sources) {
    const named = namesHeld(source, names) === names.length;
    const sentences = splitSentences(source.text).map(({ start, end }) => source.text.slice(start, end));
    sentences.forEach((sentence, index) => {
      windows.push({
        terms: matchTerms(`${sentences[index - 1] ?? ''}\n${sentence}`),
        named,
      });
    });
  }
  return windows;
}

/**
 * The answer states its facts beside what the question asks, instead of taking them from a neighbouring
 * entity or attribute: a small model asked who designed the ferry names the lighthouse's engineer, and asked
 * an entry fee gives the ferry's ticket price. The answer's own terms (those the question lacks) are looked
 * for in windows of a sentence and the one before it. Among the windows that hold most of them, one must be
 * in a source (with its title) that names what the question names (`questionNames`), and hold at least half
 * as many of the question's other terms (answer kinds such as "year" aside) as the window that holds most of
 * them: relative, so that question words no source spells alike ("held" beside "holds") count against no
 * window. Only short answers are judged (`factoidTerms`); one that adds nothing to the question passes.
 */
export function boundToQuestion(answer: string, question: string, sources: BindingSource[]): boolean {
  const names = questionNames(question);
  const nameTerms = matchTerms(names.join(' '));
  const asked = matchTerms(question);
  const wanted = [...asked].filter((term) => !nameTerms.has(term) && !answerKinds.has(term));
  const own = [...matchTerms(answer)].filter((term) => !asked.has(term));
  if (own.length === 0 || own.length > factoidTerms) return true;

  const windows = windowsOf(sources, names);
  const count = (terms: string[], window: Window) => terms.filter((term) => window.terms.has(term)).length;
  const held = windows.map((window) => count(own, window));
  const most = Math.max(0, ...held);
  if (most === 0) return true;
  const asks = Math.max(
    0,
    ...windows.filter((window) => window.named).map((window) => count(wanted, window)),
  );
  return windows.some(
    (window, index) => held[index] === most && window.named && count(wanted, window) >= minBound * asks,
  );
}

const latinName = /\p{Lu}[\p{L}\d]*(?:[-'’]\p{L}+)*/gu;

/**
 * Capitalised Latin words the answer gives that neither the question nor any source (with its title) holds, a
 * sentence's first word aside: asked where Mistral AI has its headquarters, a small model answers "London"
 * over sources that never name a city.
 */
export function inventedNames(answer: string, question: string, sources: BindingSource[]): string[] {
  const known = `${question}\n${sources.map(withTitle).join('\n')}`.normalize('NFKC').toLowerCase();
  const names: string[] = [];
  for (const { start, end } of splitSentences(answer)) {
    const sentence = answer.slice(start, end).normalize('NFKC');
    const first = sentence.search(/\p{L}/u);
    for (const match of sentence.matchAll(latinName)) {
      if (match.index === first) continue;
      if (!known.includes(match[0].toLowerCase())) names.push(match[0]);
    }
  }
  return [...new Set(names)];
}
