const stopwords = new Set(
  'the a an and or of to in on for with by is are was were be been it its this that these those as at from which who what when where how why does did do not no can could would should may might will has have had than then there their they them he she his her we our you your i'.split(
    ' ',
  ),
);

const wordSegmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Content terms of a text: lower-cased words (NFKC, so full-width letters match) without stop words; CJK text as single characters. */
export function contentTerms(text: string): string[] {
  const terms: string[] = [];
  for (const { segment, isWordLike } of wordSegmenter.segment(text.normalize('NFKC').toLowerCase())) {
    if (!isWordLike) continue;
    if (cjk.test(segment)) {
      for (const char of segment) if (cjk.test(char)) terms.push(char);
    } else if (segment.length > 1 && !stopwords.has(segment) && !/^\d{1,2}$/.test(segment)) {
      terms.push(segment);
    }
  }
  return terms;
}

/** Share of `claim`'s distinct content terms that also occur in `source` (0 when it has none). */
export function termRecall(claim: string, source: string): number {
  const wanted = new Set(contentTerms(claim));
  if (wanted.size === 0) return 0;
  const present = new Set(contentTerms(source));
  let hits = 0;
  for (const term of wanted)
    if (present.has(term) || [...present].some((p) => stem(p) === stem(term))) hits++;
  return hits / wanted.size;
}

/** A crude suffix stripper, enough to match "hunts" with "hunting". */
function stem(word: string): string {
  return word.replace(/(ing|ed|es|s)$/u, '');
}
