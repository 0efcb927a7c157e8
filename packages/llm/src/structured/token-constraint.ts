import { LoreError } from '@lore/core/errors';
import type { Recognizer, RecognizerState } from './recognizer.js';
import type { StructuredOutput } from './structured-output.js';

interface TrieNode {
  children: Map<number, TrieNode>;
  tokens: number[];
}

/** A model's vocabulary as decoded text, in a trie of code points; one per loaded model. */
export interface TokenVocabulary {
  /** Text of each token id; undefined for special tokens and partial UTF-8 byte tokens (never allowed). */
  readonly texts: readonly (string | undefined)[];
  readonly root: TrieNode;
  /** Token masks per recognizer state, computed once each. */
  readonly masks: WeakMap<RecognizerState, Uint8Array>;
}

/** Builds the vocabulary trie from each token's decoded text. */
export function createTokenVocabulary(texts: readonly (string | undefined)[]): TokenVocabulary {
  const root: TrieNode = { children: new Map(), tokens: [] };
  texts.forEach((text, token) => {
    if (!text) return;
    let node = root;
    for (const character of text) {
      const code = character.codePointAt(0) as number;
      let child = node.children.get(code);
      if (!child) {
        child = { children: new Map(), tokens: [] };
        node.children.set(code, child);
      }
      node = child;
    }
    node.tokens.push(token);
  });
  return { texts, root, masks: new WeakMap() };
}

/** Marks every token whose whole text the grammar accepts from `state`: one walk of the trie, pruned early. */
export function allowedTokens(
  recognizer: Recognizer,
  vocabulary: TokenVocabulary,
  state: RecognizerState,
): Uint8Array {
  const cached = vocabulary.masks.get(state);
  if (cached) return cached;
  const allowed = new Uint8Array(vocabulary.texts.length);
  const walk = (node: TrieNode, from: RecognizerState): void => {
    for (const [code, child] of node.children) {
      const next = recognizer.step(from, code);
      if (!next) continue;
      for (const token of child.tokens) allowed[token] = 1;
      if (child.children.size > 0) walk(child, next);
    }
  };
  walk(vocabulary.root, state);
  vocabulary.masks.set(state, allowed);
  return allowed;
}

/** Constrains one generation: masks logits, tracks the text the grammar has seen, and says when it is done. */
export interface TokenConstraint {
  /**
   * Picks the next token with `sample`: first from the raw logits, and only when that token breaks the
   * grammar again from masked logits. Sampling is rejection-free this way yet follows the masked
   * distribution (an accepted first draw has probability p, a redraw the rest, renormalised), and the full
   * mask, a walk over the vocabulary, is built only when the model strays.
   */
  choose(logits: ArrayLike<number>, sample: (logits: ArrayLike<number>) => number): number;
  /** A copy of `logits` where tokens the grammar cannot take next are -Infinity; end-of-sequence only when complete. */
  mask(logits: ArrayLike<number>): Float32Array;
  /** Records a chosen (non-end) token and returns its text. */
  accept(token: number): string;
  /** The output is complete and nothing may follow. */
  readonly done: boolean;
}

/** Creates the logits processor of one structured generation. */
export function createTokenConstraint(
  output: StructuredOutput,
  vocabulary: TokenVocabulary,
  endTokens: ReadonlySet<number>,
): TokenConstraint {
  const recognizer = output.recognizer;
  let state = recognizer.initial;
  const fits = (token: number): boolean => {
    if (endTokens.has(token)) return state.complete;
    const text = vocabulary.texts[token];
    return text !== undefined && recognizer.advance(state, text) !== undefined;
  };
  return {
    choose(logits, sample) {
      if (!vocabulary.masks.has(state)) {
        const token = sample(logits);
        if (fits(token)) return token;
      }
      return sample(this.mask(logits));
    },
    mask(logits) {
      const allowed = allowedTokens(recognizer, vocabulary, state);
      const masked = Float32Array.from(logits);
      let any = state.complete;
      for (let token = 0; token < masked.length; token++) {
        if (endTokens.has(token)) {
          if (!state.complete) masked[token] = Number.NEGATIVE_INFINITY;
        } else if (allowed[token] !== 1) masked[token] = Number.NEGATIVE_INFINITY;
        else any = true;
      }
      if (!any) {
        throw new LoreError(
          'UNPROCESSABLE',
          "No token of the model's vocabulary can continue the JSON here (a character the tokenizer cannot write alone?). Simplify the schema's literals.",
        );
      }
      return masked;
    },
    accept(token) {
      const text = vocabulary.texts[token] ?? '';
      const next = recognizer.advance(state, text);
      if (!next)
        throw new LoreError('INTERNAL', `Token ${token} (${JSON.stringify(text)}) breaks the grammar.`);
      state = next;
      return text;
    },
    get done() {
      return state.frames.length === 0;
    },
  };
}
