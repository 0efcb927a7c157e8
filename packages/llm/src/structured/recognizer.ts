import { LoreError } from '@lore/core/errors';
import type { Grammar, GrammarElement } from './grammar.js';

/** A position in a rule alternative, with the frames to return to: one stack of llama.cpp's recognizer. */
interface Frame {
  readonly id: number;
  readonly rule: number;
  readonly alternative: number;
  readonly index: number;
  readonly parent: Frame | null;
}

/**
 * The set of stacks after some prefix: `frames` wait on a character class; `complete` when the prefix is a
 * whole sentence of the grammar. States are interned, so equal states are the same object and their
 * transitions and token masks are computed once.
 */
export interface RecognizerState {
  readonly frames: readonly Frame[];
  readonly complete: boolean;
}

/** An incremental recognizer of a grammar over code points. */
export interface Recognizer {
  readonly initial: RecognizerState;
  /** The state after one more code point, or undefined when the grammar cannot accept it. */
  step(state: RecognizerState, code: number): RecognizerState | undefined;
  /** The state after `text`, or undefined when it is no prefix of the grammar. */
  advance(state: RecognizerState, text: string): RecognizerState | undefined;
  /** Whether `text` is a complete sentence of the grammar. */
  accepts(text: string): boolean;
}

interface InternalState extends RecognizerState {
  readonly transitions: Map<number, InternalState | null>;
}

/** Creates a recognizer for `grammar`; its caches live as long as it does (one per generation or schema). */
export function createRecognizer(grammar: Grammar): Recognizer {
  const frames = new Map<string, Frame>();
  const states = new Map<string, InternalState>();

  const frame = (rule: number, alternative: number, index: number, parent: Frame | null): Frame => {
    const key = `${rule},${alternative},${index},${parent?.id ?? -1}`;
    let found = frames.get(key);
    if (!found) {
      found = { id: frames.size, rule, alternative, index, parent };
      frames.set(key, found);
    }
    return found;
  };

  const sequence = (at: Frame): readonly GrammarElement[] =>
    grammar.rules[at.rule]?.alternatives[at.alternative] as GrammarElement[];

  /** The frame after the element `at` points to: a tail position returns straight to the parent. */
  const next = (at: Frame): Frame | null =>
    at.index + 1 < sequence(at).length ? frame(at.rule, at.alternative, at.index + 1, at.parent) : at.parent;

  /** Expands rule references until every stack waits on a character class (or is empty: complete). */
  const close = (start: readonly (Frame | null)[]): InternalState | null => {
    const terminals = new Set<Frame>();
    const seen = new Set<Frame | null>();
    let complete = false;
    const pending = [...start];
    while (pending.length > 0) {
      const at = pending.pop() as Frame | null;
      if (seen.has(at)) continue;
      seen.add(at);
      if (at === null) {
        complete = true;
        continue;
      }
      const elements = sequence(at);
      if (at.index >= elements.length) {
        pending.push(at.parent);
        continue;
      }
      const element = elements[at.index] as GrammarElement;
      if (element.kind === 'char') {
        terminals.add(at);
        continue;
      }
      const after = next(at);
      const target = grammar.rules[element.rule];
      target?.alternatives.forEach((_, alternative) => {
        pending.push(frame(element.rule, alternative, 0, after));
      });
    }
    if (terminals.size === 0 && !complete) return null;
    const list = [...terminals].sort((a, b) => a.id - b.id);
    const key = `${complete ? 1 : 0}:${list.map((item) => item.id).join(',')}`;
    let state = states.get(key);
    if (!state) {
      state = { frames: list, complete, transitions: new Map() };
      states.set(key, state);
    }
    return state;
  };

  const step = (state: RecognizerState, code: number): RecognizerState | undefined => {
    const internal = state as InternalState;
    let found = internal.transitions.get(code);
    if (found === undefined) {
      const moved: (Frame | null)[] = [];
      for (const at of internal.frames) {
        if (matches(sequence(at)[at.index] as GrammarElement & { kind: 'char' }, code)) moved.push(next(at));
      }
      found = moved.length === 0 ? null : close(moved);
      internal.transitions.set(code, found);
    }
    return found ?? undefined;
  };

  const advance = (state: RecognizerState, text: string): RecognizerState | undefined => {
    let current: RecognizerState | undefined = state;
    for (const character of text) {
      current = step(current, character.codePointAt(0) as number);
      if (!current) return undefined;
    }
    return current;
  };

  const initial = close(
    (grammar.rules[grammar.root]?.alternatives ?? []).map((_, alternative) =>
      frame(grammar.root, alternative, 0, null),
    ),
  );
  if (!initial) throw new LoreError('BAD_REQUEST', 'The JSON schema matches no value.');
  return {
    initial,
    step,
    advance,
    accepts: (text) => advance(initial, text)?.complete === true,
  };
}

function matches(element: { ranges: readonly number[]; negated: boolean }, code: number): boolean {
  let inside = false;
  for (let index = 0; index < element.ranges.length; index += 2) {
    if (code >= (element.ranges[index] as number) && code <= (element.ranges[index + 1] as number)) {
      inside = true;
      break;
    }
  }
  return inside !== element.negated;
}
