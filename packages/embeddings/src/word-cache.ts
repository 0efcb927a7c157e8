import type { PreTrainedTokenizer } from '@huggingface/transformers';

/** The part of a transformers.js tokenizer model that maps pre-tokenized words to sub-word tokens. */
interface WordEncoder {
  encode(words: string[]): string[];
  tokens_to_ids: Map<string, number>;
}

/** SentencePiece's word-boundary mark, which Metaspace puts in place of every space. */
const BOUNDARY = '\u2581';

/** Distinct words remembered per counter; the cache starts over when full. */
const MAX_WORDS = 200_000;

/**
 * A token counter that memoizes the tokenizer model's per-word encoding, so repeated words skip the
 * sub-word search (Unigram's lattice, WordPiece's longest match). Every transformers.js model encodes each
 * pre-tokenized word on its own and concatenates the results; normalization, pre-tokenization and
 * unknown-token fusing still run on the whole text. transformers.js' Metaspace hands a SentencePiece model
 * the whole text as one "word"; when no vocabulary entry has the boundary mark inside it, no token spans a
 * boundary, so the text is cut before each mark and the parts are cached apart. That equals the plain count
 * except, rarely, at exact score ties (one SciFact document of 5,183 swaps "pp p" for "p pp", same count), so
 * it serves counting only: the model's input ids come from the plain tokenizer. The cached encoder is swapped
 * in for the duration of one synchronous call, so other users of the shared tokenizer never see it.
 */
export function createCachedTokenCount(tokenizer: PreTrainedTokenizer): (text: string) => number {
  const count = (text: string) => tokenizer.encode(text, { add_special_tokens: false }).length;
  const model = (tokenizer as unknown as { _tokenizer?: { model?: Partial<WordEncoder> } })._tokenizer?.model;
  if (!model || typeof model.encode !== 'function') return count;
  const plain = model.encode;
  const encode = plain.bind(model);
  const splitAtBoundaries = model.tokens_to_ids instanceof Map && !hasInnerBoundary(model.tokens_to_ids);
  const words = new Map<string, string[]>();
  const encodeWord = (word: string, output: string[]) => {
    let tokens = words.get(word);
    if (!tokens) {
      tokens = encode([word]);
      if (words.size >= MAX_WORDS) words.clear();
      words.set(word, tokens);
    }
    for (const token of tokens) output.push(token);
  };
  const cached = (input: string[]) => {
    const output: string[] = [];
    for (const word of input) {
      if (!splitAtBoundaries) {
        encodeWord(word, output);
        continue;
      }
      let start = 0;
      for (let end = word.indexOf(BOUNDARY, 1); end > 0; end = word.indexOf(BOUNDARY, end + 1)) {
        encodeWord(word.slice(start, end), output);
        start = end;
      }
      encodeWord(word.slice(start), output);
    }
    return output;
  };
  return (text) => {
    model.encode = cached;
    try {
      return count(text);
    } finally {
      model.encode = plain;
    }
  };
}

function hasInnerBoundary(vocabulary: Map<string, number>): boolean {
  for (const token of vocabulary.keys()) if (token.indexOf(BOUNDARY, 1) > 0) return true;
  return false;
}
