/** Longest option taken from a question; longer "or" clauses are not a choice between named things. */
const maxOptionChars = 80;

/**
 * The things a question asks to choose between, e.g. "Which is older: the locomotive Wren or the Salt River
 * Bridge?" → ["the locomotive Wren", "the Salt River Bridge"]; "A 还是 B？" likewise. Only a clause after a
 * colon or comma that is a plain "A or B" (or "A, B or C") counts; otherwise none.
 */
export function questionOptions(question: string): string[] {
  const text = question.trim().replace(/[?？。.]+$/u, '');
  const clause = text.split(/[:：,，]\s*/u);
  // "A, B or C": the options are the clauses from the first one that lists them.
  for (let start = 1; start < clause.length; start++) {
    const tail = clause.slice(start).join(', ');
    const options = tail
      .split(/,\s*|\s+or\s+|\s*还是\s*|\s*或者\s*/u)
      .map((option) => option.trim())
      .filter((option) => option.length > 0);
    const joined = /\s+or\s+|还是|或者/u.test(clause.at(-1) ?? '');
    const plain = options.every((option) => !/^(and|but|when|where|how|what|who|why|which)\b/iu.test(option));
    if (
      joined &&
      plain &&
      options.length >= 2 &&
      options.length <= 4 &&
      options.every((o) => o.length <= maxOptionChars)
    ) {
      return options;
    }
  }
  const chinese = text.match(/^(.*?)([^，：]+?)还是([^，：]+)$/u);
  if (chinese?.[2] && chinese[3]) return [chinese[2].replace(/^(是|比较)/u, '').trim(), chinese[3].trim()];
  return [];
}
