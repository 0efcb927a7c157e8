/** A piece of a text by character offsets: `text.slice(start, end)`. */
export interface Span {
  start: number;
  end: number;
}

const sentenceSegmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });
const wordSegmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
const han = /\p{Script=Han}/u;
const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const stopwords = new Set(
  'the a an and or of to in on for with by is are was were be been it its this that these those as at from which who what when where how why does did do not no can could would should may might will has have had than then there their they them he she his her we our you your i me my many much'.split(
    ' ',
  ),
);
const longest = 400;

/**
 * The sentences of a text as spans without surrounding white space. Lines are split first (tables, lists and
 * code have no full stops), and a sentence longer than 400 characters is cut at white space near that length.
 */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  for (const { segment, index } of sentenceSegmenter.segment(text)) {
    let offset = index;
    for (const line of segment.split('\n')) {
      pushTrimmed(spans, text, offset, offset + line.length);
      offset += line.length + 1;
    }
  }
  return spans;
}

function pushTrimmed(spans: Span[], text: string, from: number, to: number) {
  let start = from;
  let end = to;
  while (start < end && /\s/u.test(text[start] ?? '')) start++;
  while (end > start && /\s/u.test(text[end - 1] ?? '')) end--;
  while (end - start > longest) {
    const cut = text.lastIndexOf(' ', start + longest);
    const at = cut > start + longest / 2 ? cut : start + longest;
    spans.push({ start, end: at });
    start = at;
    while (start < end && /\s/u.test(text[start] ?? '')) start++;
  }
  if (end > start) spans.push({ start, end });
}

/**
 * Terms to match a question with sentences: lower-cased words without stop words, crudely stemmed, and
 * overlapping character pairs of CJK text (which has no spaces between words).
 */
export function matchTerms(text: string): Set<string> {
  const terms = new Set<string>();
  for (const { segment, isWordLike } of wordSegmenter.segment(text.normalize('NFKC').toLowerCase())) {
    if (!isWordLike) continue;
    if (cjk.test(segment)) {
      const chars = [...segment].filter((char) => cjk.test(char));
      for (let i = 0; i + 1 < chars.length; i++) terms.add(`${chars[i]}${chars[i + 1]}`);
      if (chars.length === 1 && !han.test(chars[0] ?? '')) terms.add(chars[0] ?? '');
    } else if (!stopwords.has(segment) && (segment.length > 1 || /\d/.test(segment))) {
      terms.add(segment.replace(/(ing|ed|es|s)$/u, '') || segment);
    }
  }
  return terms;
}

/** Share of `claim`'s match terms (see `matchTerms`) that occur in `source`; 0 when it has none. */
export function supportShare(claim: string, source: string): number {
  const wanted = matchTerms(claim);
  if (wanted.size === 0) return 0;
  const present = matchTerms(source);
  let hits = 0;
  for (const term of wanted) if (present.has(term)) hits++;
  return hits / wanted.size;
}

const stem = (word: string) => word.replace(/(ing|ed|es|s)$/u, '') || word;

/** Every word of a text, lower-cased (NFKC), without a possessive "'s", crudely stemmed; CJK words left out. */
function latinWords(text: string): string[] {
  const words: string[] = [];
  for (const { segment, isWordLike } of wordSegmenter.segment(text.normalize('NFKC').toLowerCase())) {
    if (isWordLike && !cjk.test(segment)) words.push(stem(segment.replace(/['’]s$/u, '')));
  }
  return words;
}

/**
 * Words the answer repeats from the question that the sources never use: numbers and Latin words of five
 * letters or more. Such an answer says something about what was asked that the sources do not ("The captain
 * of the ferry is …" over sources that name no captain), the way a small model answers an unanswerable
 * question with a nearby passage. CJK text is left out: its answers restate the question's wording. Over
 * sources with CJK text (a fifth of their letters or more) only numbers count: an English question over
 * Chinese sources uses words they spell in Chinese.
 */
export function unsupportedEchoes(answer: string, question: string, source: string): string[] {
  const letters = source.match(/\p{L}/gu)?.length ?? 0;
  const words = (source.match(new RegExp(cjk.source, 'gu'))?.length ?? 0) < letters / 5;
  const naming = (word: string) => /^\d+$/u.test(word) || (words && word.length >= 5 && !stopwords.has(word));
  const asked = new Set(latinWords(question).filter(naming));
  const present = new Set(latinWords(source));
  return [...new Set(latinWords(answer))].filter((word) => asked.has(word) && !present.has(word));
}

const numberWords = new Map<string, number>([
  ...'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty'
    .split(' ')
    .map((word, value) => [word, value] as const),
  ...'thirty forty fifty sixty seventy eighty ninety'
    .split(' ')
    .map((word, index) => [word, 30 + 10 * index] as const),
  ['hundred', 100],
  ['thousand', 1000],
  ...[...'零一二三四五六七八九十'].map((char, value) => [char, value] as const),
  ['两', 2],
  ['百', 100],
  ['千', 1000],
  ['万', 10000],
] as [string, number][]);

/** The numbers a text states: runs of digits (NFKC) and number words ("fifteen", "六"), as digit strings. */
function statedNumbers(text: string): Set<string> {
  const normalized = text.normalize('NFKC').toLowerCase();
  const numbers = new Set(normalized.match(/\d+/gu) ?? []);
  for (const word of normalized.match(/\p{L}+/gu) ?? []) {
    const value = numberWords.get(word);
    if (value !== undefined) numbers.add(String(value));
  }
  for (const char of normalized) {
    const value = han.test(char) ? numberWords.get(char) : undefined;
    if (value !== undefined) numbers.add(String(value));
  }
  return numbers;
}

/**
 * Numbers (runs of digits) in the answer that the sources never state, in digits or words: a small model's
 * invented figures ("priced at 105 yuan" over sources that give no price).
 */
export function unsupportedNumbers(answer: string, source: string): string[] {
  const present = statedNumbers(source);
  return [...new Set(answer.normalize('NFKC').match(/\d+/gu) ?? [])].filter((number) => !present.has(number));
}
