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
 * Memoizes the tokenizer model's per-word encoding for the duration of synchronous calls, so repeated
 * words skip the sub-word search (Unigram's lattice, WordPiece's longest match). Every transformers.js model
 * encodes each pre-tokenized word on its own and concatenates the results; normalization, pre-tokenization,
 * unknown-token fusing, special tokens and padding still run as usual. transformers.js' Metaspace hands a
 * SentencePiece model the whole text as one "word"; when no vocabulary entry has the boundary mark inside it,
 * no token spans a boundary, so the text is cut before each mark and the parts are cached apart. That gives
 * the plain tokenizer's ids except at exact score ties between two segmentations, where either is a best one
 * (2 SciFact chunks of 30,428 get "p pp" for "pp p", same count). The cached encoder is swapped in only
 * while `run` executes, so other users of the shared tokenizer never see it.
 */
export function createWordCache(tokenizer: PreTrainedTokenizer): <T>(run: () => T) => T {
  const model = (tokenizer as unknown as { _tokenizer?: { model?: Partial<WordEncoder> } })._tokenizer?.model;
  if (!model || typeof model.encode !== 'function') return (run) => run();
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
  return (run) => {
    model.encode = cached;
    try {
      return run();
    } finally {
      model.encode = plain;
    }
  };
}

/** A token counter over `createWordCache`: the plain tokenizer's count for every text. */
export function createCachedTokenCount(tokenizer: PreTrainedTokenizer): (text: string) => number {
  const withCache = createWordCache(tokenizer);
  return (text) => withCache(() => tokenizer.encode(text, { add_special_tokens: false }).length);
}

function hasInnerBoundary(vocabulary: Map<string, number>): boolean {
  for (const token of vocabulary.keys()) if (token.indexOf(BOUNDARY, 1) > 0) return true;
  return false;
}
