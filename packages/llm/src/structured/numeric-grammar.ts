import type { GrammarElement } from './grammar.js';
import type { JsonGrammarBuilder } from './json-grammar.js';

/** The largest magnitude of a 15-digit integer: integers stay exact as JavaScript numbers. */
export const integerLimit = 10 ** 15 - 1;

/** One side of a numeric range. */
export interface Bound {
  value: number;
  exclusive: boolean;
}

/** A range's grammar, and whether every sentence of it is inside the range (else validate afterwards). */
export interface NumericGrammar {
  element: GrammarElement | undefined;
  exact: boolean;
}

/** Integers in `[low, high]` (inclusive, within ±integerLimit), digit by digit like a regex range generator. */
export function integerRange(b: JsonGrammarBuilder, low: number, high: number): GrammarElement | undefined {
  const alternatives: GrammarElement[][] = [];
  if (high >= 0) alternatives.push([naturalRange(b, Math.max(low, 0), high)]);
  if (low < 0) alternatives.push([...b.literal('-'), naturalRange(b, Math.max(1, -high), -low)]);
  return alternatives.length === 0 ? undefined : b.rule('integer-range', alternatives);
}

/** The inclusive integer range an integer schema's bounds allow, clamped to 15 digits. */
export function integerBounds(lower: Bound | undefined, upper: Bound | undefined): [number, number] {
  let low = -integerLimit;
  let high = integerLimit;
  if (lower) low = Math.max(low, lower.exclusive ? Math.floor(lower.value) + 1 : Math.ceil(lower.value));
  if (upper) high = Math.min(high, upper.exclusive ? Math.ceil(upper.value) - 1 : Math.floor(upper.value));
  return [low, high];
}

/**
 * Numbers between the bounds, without exponent: the integer part is bounded exactly, and so is the fraction
 * next to an integer bound; next to a fractional bound (e.g. 2.5) the value is validated afterwards.
 */
export function numberRange(
  b: JsonGrammarBuilder,
  lower: Bound | undefined,
  upper: Bound | undefined,
): NumericGrammar {
  const alternatives: GrammarElement[][] = [];
  let exact = true;
  const add = (sign: GrammarElement[], side: NumericGrammar) => {
    if (side.element) alternatives.push([...sign, side.element]);
    exact &&= side.exact;
  };
  // x >= 0 written as is: |x| from max(lower, 0) to upper.
  if (!upper || upper.value > 0 || (upper.value === 0 && !upper.exclusive)) {
    add([], magnitude(b, lower && lower.value >= 0 ? lower : { value: 0, exclusive: false }, upper));
  }
  // x < 0 written as "-" |x|: |x| from max(-upper, 0) to -lower.
  if (!lower || lower.value < 0) {
    const low =
      upper && upper.value <= 0
        ? { value: -upper.value, exclusive: upper.exclusive || upper.value === 0 }
        : { value: 0, exclusive: true };
    add(b.literal('-'), magnitude(b, low, lower && { value: -lower.value, exclusive: lower.exclusive }));
  }
  return {
    element: alternatives.length === 0 ? undefined : b.rule('number-range', alternatives),
    exact,
  };
}

/** Non-negative numbers between `lower` (at least 0) and `upper` (unbounded: 15 integer digits). */
function magnitude(b: JsonGrammarBuilder, lower: Bound, upper: Bound | undefined): NumericGrammar {
  const digit = b.chars('09');
  const anyFraction = b.rule('fraction', [[], [...b.literal('.'), ...b.repeat('digits', [digit], 1, 15)]]);
  const zeroFraction = b.rule('zero-fraction', [
    [],
    [...b.literal('.'), ...b.repeat('zeros', [b.chars('0')], 1, 15)],
  ]);
  // A fraction with a non-zero digit: strictly above the integer part.
  const someFraction = b.rule('some-fraction', [
    [
      ...b.literal('.'),
      ...b.repeat('zeros', [b.chars('0')], 0, 7),
      b.chars('19'),
      ...b.repeat('digits', [digit], 0, 7),
    ],
  ]);
  const low = Math.floor(lower.value);
  const capped = !upper || upper.value > integerLimit;
  const high = capped ? integerLimit : Math.floor((upper as Bound).value);
  if (low > integerLimit) return { element: undefined, exact: true };
  let exact = true;
  const alternatives: GrammarElement[][] = [];
  const part = (from: number, to: number, fraction: GrammarElement) => {
    if (from <= to) alternatives.push([naturalRange(b, from, to), fraction]);
  };
  const lowInteger = Number.isInteger(lower.value);
  const highInteger = capped || Number.isInteger((upper as Bound).value);
  if (!lowInteger || !highInteger) exact = false;
  if (low === high) {
    if (lowInteger && highInteger && !capped) {
      if (!lower.exclusive && !(upper as Bound).exclusive) part(low, low, zeroFraction);
    } else if (lowInteger && lower.exclusive) part(low, low, someFraction);
    else if (highInteger && !capped) {
      if (!(upper as Bound).exclusive) part(low, low, zeroFraction);
    } else part(low, low, anyFraction);
    return { element: alternatives.length ? b.rule('magnitude', alternatives) : undefined, exact };
  }
  // Lower edge: an exclusive integer bound needs a non-zero fraction.
  const lowSpecial = lowInteger && lower.exclusive;
  if (lowSpecial) part(low, low, someFraction);
  // Upper edge: an integer bound allows only a zero fraction (none when exclusive).
  const highSpecial = !capped && highInteger;
  if (highSpecial && !(upper as Bound).exclusive) part(high, high, zeroFraction);
  part(lowSpecial ? low + 1 : low, highSpecial ? high - 1 : high, anyFraction);
  return { element: alternatives.length ? b.rule('magnitude', alternatives) : undefined, exact };
}

/** Naturals in `[low, high]` without leading zeros. */
function naturalRange(b: JsonGrammarBuilder, low: number, high: number): GrammarElement {
  const alternatives: GrammarElement[][] = [];
  const lowText = String(low);
  const highText = String(high);
  for (let length = lowText.length; length <= highText.length; length++) {
    const from = length === lowText.length ? lowText : `1${'0'.repeat(length - 1)}`;
    const to = length === highText.length ? highText : '9'.repeat(length);
    alternatives.push(sameLength(b, from, to));
  }
  return b.rule('natural-range', alternatives);
}

/** Digit strings of one length from `low` to `high`. */
function sameLength(b: JsonGrammarBuilder, low: string, high: string): GrammarElement[] {
  if (low.length === 0) return [];
  const first = low[0] as string;
  const last = high[0] as string;
  const restLow = low.slice(1);
  const restHigh = high.slice(1);
  if (first === last) return [b.chars(first), ...sameLength(b, restLow, restHigh)];
  const anyDigits = Array.from({ length: restLow.length }, () => b.chars('09'));
  const lowFull = /^0*$/.test(restLow);
  const highFull = /^9*$/.test(restHigh);
  const alternatives: GrammarElement[][] = [];
  let start = first.charCodeAt(0);
  let end = last.charCodeAt(0);
  if (!lowFull) {
    alternatives.push([b.chars(first), ...sameLength(b, restLow, '9'.repeat(restLow.length))]);
    start++;
  }
  if (!highFull) {
    alternatives.push([b.chars(last), ...sameLength(b, '0'.repeat(restHigh.length), restHigh)]);
    end--;
  }
  if (start <= end) alternatives.push([b.chars(String.fromCharCode(start, end)), ...anyDigits]);
  return [b.rule('digits-range', alternatives)];
}
