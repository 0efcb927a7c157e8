/** Runs of Chinese, Japanese and Korean characters, which LanceDB's tokenizer would keep as one token. */
const cjkRun = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;

/**
 * Rewrites every CJK run into overlapping character bigrams (a lone character stays a unigram), so a
 * whitespace/punctuation tokenizer can match Chinese words: `全文检索` → ` 全文 文检 检索 `. Apply it to
 * the indexed text and to the query alike; other text is left as it is.
 */
export function toSearchText(text: string): string {
  return text.replace(cjkRun, (run) => {
    const characters = Array.from(run);
    if (characters.length === 1) return ` ${run} `;
    const bigrams: string[] = [];
    for (let index = 0; index < characters.length - 1; index += 1) {
      bigrams.push(`${characters[index]}${characters[index + 1]}`);
    }
    return ` ${bigrams.join(' ')} `;
  });
}
