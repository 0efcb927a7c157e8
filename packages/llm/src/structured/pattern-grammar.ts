import type { GrammarElement } from './grammar.js';
import type { JsonGrammarBuilder } from './json-grammar.js';
import { LengthIntractable, lengthWindow } from './pattern-length.js';
import { PatternError, type PatternNode, parsePattern } from './pattern-parser.js';

/** Characters a JSON string cannot hold bare: controls, `"` and `\`. */
const unwritable = [0, 0x1f, 0x22, 0x22, 0x5c, 0x5c];
/** Characters a class may hold that JSON writes as a short escape. */
const escapes = new Map([
  [0x22, '\\"'],
  [0x5c, '\\\\'],
  [0x08, '\\b'],
  [0x09, '\\t'],
  [0x0a, '\\n'],
  [0x0c, '\\f'],
  [0x0d, '\\r'],
]);

/**
 * Formats as anchored patterns in the subset, each a subset of what ajv-formats accepts (and of zod's
 * patterns for the same format), so the grammar never writes a value the validator rejects.
 */
const dateBody =
  '(?:\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8]))' +
  '|(?:\\d\\d(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)';
// UTC only: zod's z.iso.datetime() pattern takes no offset by default.
const timeBody = '(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d{1,3})?Z';
const label = '[a-z0-9](?:[a-z0-9-]{0,20}[a-z0-9])?';
export const formatPatterns: Record<string, string> = {
  date: `^${dateBody}$`,
  time: `^${timeBody}$`,
  'date-time': `^${dateBody}T${timeBody}$`,
  email: `^[a-zA-Z0-9_+-]{1,32}(?:\\.[a-zA-Z0-9_+-]{1,32}){0,3}@(?:${label}\\.){1,3}[a-z]{2,10}$`,
  uuid: '^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$',
  uri: `^[a-z][a-z0-9+.-]{0,15}://${label}(?:\\.${label}){0,4}(?::\\d{1,5})?(?:/[a-zA-Z0-9._~-]{0,32}){0,8}(?:\\?[a-zA-Z0-9._~=&-]{0,64})?$`,
  hostname: `^${label}(?:\\.${label}){0,4}$`,
  ipv4: '^(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$',
};

/** A pattern compiled to a JSON string, with whether its length bounds are exact in the grammar. */
export interface PatternString {
  /** The string; undefined when no string of an allowed length matches (only when `lengthExact`). */
  element: GrammarElement | undefined;
  /** False when the length bounds are left to validation (unbounded maxLength, or too large a grammar). */
  lengthExact: boolean;
}

/** Any character of a JSON string's body, escapes included: the free text around an unanchored pattern. */
const anyCharacter: PatternNode = { kind: 'class', ranges: [], negated: true };
const anyText: PatternNode = { kind: 'repeat', node: anyCharacter, min: 0, max: Number.POSITIVE_INFINITY };

/**
 * A JSON string whose decoded value matches `pattern` (searched, as JSON Schema does: without `^` or `$`
 * any text may come before or after) and has `minLength` to `maxLength` characters. With a finite
 * maxLength the length is exact in the grammar (the free text around the pattern takes what the pattern
 * leaves of the budget), unless that grammar is too large; then unbounded repeats stop at maxLength and the
 * length is validated. Characters a class allows that JSON must escape are written as their short escape,
 * or left out when they have none. Throws PatternError outside the subset.
 */
export function patternString(
  b: JsonGrammarBuilder,
  pattern: string,
  minLength = 0,
  maxLength = Number.POSITIVE_INFINITY,
): PatternString {
  const tree = parsePattern(pattern);
  const options = tree.kind === 'alternatives' ? tree.options : [tree];
  const sequences = options.map((option): PatternNode => {
    const items = option.kind === 'sequence' ? [...option.items] : [option];
    const start = items[0]?.kind === 'start';
    if (start) items.shift();
    const end = items.at(-1)?.kind === 'end';
    if (end) items.pop();
    return { kind: 'sequence', items: [...(start ? [] : [anyText]), ...items, ...(end ? [] : [anyText])] };
  });
  const capped = () =>
    b.quoted([
      b.rule(
        'pattern',
        sequences.map((sequence) => emit(b, sequence, maxLength)),
      ),
    ]);
  const mark = b.mark();
  const loose = capped(); // throws PatternError outside the subset
  if (maxLength === Number.POSITIVE_INFINITY) return { element: loose, lengthExact: minLength === 0 };
  b.rollback(mark);
  try {
    const plain = (node: PatternNode) => emit(b, node, Number.POSITIVE_INFINITY);
    const windows = sequences.map((sequence) => lengthWindow(b, sequence, minLength, maxLength, plain));
    const kept = windows.filter((window) => window !== undefined);
    return { element: kept.length > 0 ? b.quoted([b.rule('pattern', kept)]) : undefined, lengthExact: true };
  } catch (error) {
    if (!(error instanceof LengthIntractable)) throw error;
    b.rollback(mark);
    return { element: capped(), lengthExact: false };
  }
}

/** The grammar of `node`; unbounded repeats stop at `maxLength` (each repetition writes a character). */
function emit(b: JsonGrammarBuilder, node: PatternNode, maxLength: number): GrammarElement[] {
  switch (node.kind) {
    case 'class':
      return [node === anyCharacter ? b.stringCharacter() : jsonCharacter(b, node.ranges, node.negated)];
    case 'sequence':
      return node.items.flatMap((item) => emit(b, item, maxLength));
    case 'alternatives':
      return [
        b.rule(
          'pattern-or',
          node.options.map((option) => emit(b, option, maxLength)),
        ),
      ];
    case 'repeat':
      if (node.max === Number.POSITIVE_INFINITY && nullable(node.node)) {
        throw new PatternError('an unbounded repeat of something that can be empty is not supported');
      }
      return b.repeat(
        'pattern-repeat',
        emit(b, node.node, maxLength),
        node.min,
        Math.max(node.min, Math.min(node.max, maxLength)),
      );
    case 'start':
    case 'end':
      throw new PatternError('"^" and "$" are only supported at the start and end of the pattern');
  }
}

function nullable(node: PatternNode): boolean {
  switch (node.kind) {
    case 'class':
      return false;
    case 'sequence':
      return node.items.every(nullable);
    case 'alternatives':
      return node.options.some(nullable);
    case 'repeat':
      return node.min === 0 || nullable(node.node);
    default:
      return true;
  }
}

/** One decoded character of the class as JSON text. */
function jsonCharacter(b: JsonGrammarBuilder, ranges: number[], negated: boolean): GrammarElement {
  // A negated class never writes `"`, `\` or controls: stricter than the pattern, never looser.
  if (negated) return { kind: 'char', ranges: [...ranges, ...unwritable], negated: true };
  const plain = subtract(ranges, unwritable);
  const alternatives: GrammarElement[][] = [];
  if (plain.length > 0) alternatives.push([{ kind: 'char', ranges: plain, negated: false }]);
  for (const [code, written] of escapes) {
    if (inside(ranges, code)) alternatives.push(b.literal(written));
  }
  if (alternatives.length === 0) {
    throw new PatternError('it needs a control character that JSON cannot write with a short escape');
  }
  if (alternatives.length === 1 && alternatives[0]?.length === 1) return alternatives[0][0] as GrammarElement;
  return b.rule('pattern-char', alternatives);
}

function inside(ranges: number[], code: number): boolean {
  for (let index = 0; index < ranges.length; index += 2) {
    if (code >= (ranges[index] as number) && code <= (ranges[index + 1] as number)) return true;
  }
  return false;
}

/** `ranges` without the code points of `removed` (both as [low, high] pairs). */
function subtract(ranges: number[], removed: number[]): number[] {
  let pieces = ranges.slice();
  for (let index = 0; index < removed.length; index += 2) {
    const low = removed[index] as number;
    const high = removed[index + 1] as number;
    const next: number[] = [];
    for (let at = 0; at < pieces.length; at += 2) {
      const from = pieces[at] as number;
      const to = pieces[at + 1] as number;
      if (to < low || from > high) next.push(from, to);
      else {
        if (from < low) next.push(from, low - 1);
        if (to > high) next.push(high + 1, to);
      }
    }
    pieces = next;
  }
  return pieces;
}
