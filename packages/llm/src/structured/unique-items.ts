import type { GrammarElement } from './grammar.js';
import type { JsonGrammarBuilder } from './json-grammar.js';

/** The most enum values whose subsets get a rule each (2^n rules). */
export const uniqueEnumLimit = 8;

/**
 * An array of distinct values from `literals` (each a value's JSON text), `min` to `max` of them: the
 * rule after each item knows which values were written, so `uniqueItems` holds by construction.
 */
export function uniqueLiteralArray(
  b: JsonGrammarBuilder,
  literals: GrammarElement[][],
  min: number,
  max: number,
): GrammarElement | undefined {
  const most = Math.min(max, literals.length);
  if (min > most) return undefined;
  const rules = new Map<number, GrammarElement>();
  const separator = [b.space, ...b.literal(','), b.space];
  // rest(used): the items after those in the bit set `used`, then the end.
  const rest = (used: number): GrammarElement => {
    let rule = rules.get(used);
    if (rule) return rule;
    const written = bitCount(used);
    const alternatives: GrammarElement[][] = written >= min ? [[]] : [];
    if (written < most) {
      literals.forEach((literal, index) => {
        if ((used & (1 << index)) === 0)
          alternatives.push([...separator, ...literal, rest(used | (1 << index))]);
      });
    }
    rule = b.rule('unique-items', alternatives);
    rules.set(used, rule);
    return rule;
  };
  const first: GrammarElement[][] = min === 0 ? [[]] : [];
  if (most > 0) {
    literals.forEach((literal, index) => {
      first.push([b.space, ...literal, rest(1 << index)]);
    });
  }
  return b.rule('unique-array', [
    [...b.literal('['), b.rule('unique-first', first), b.space, ...b.literal(']')],
  ]);
}

function bitCount(value: number): number {
  let count = 0;
  for (let rest = value; rest !== 0; rest &= rest - 1) count++;
  return count;
}
