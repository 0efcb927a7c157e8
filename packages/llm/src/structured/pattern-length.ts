import type { GrammarElement } from './grammar.js';
import type { JsonGrammarBuilder } from './json-grammar.js';
import type { PatternNode } from './pattern-parser.js';

/** The grammar of a node with no length window (unbounded repeats uncapped). */
export type Emit = (node: PatternNode) => GrammarElement[];

/** Raised when the length-exact grammar would be too large; the caller falls back to validation. */
export class LengthIntractable extends Error {}

/** How many grammar elements the length-exact construction of one string may add. */
const elementBudget = 40_000;

/**
 * The strings of `node` whose length (in code points, an escape counting as one) lies within [low, high]
 * (`high` finite): each node whose lengths all fit is emitted as is; a variable-length node next to others is
 * split by its length, e.g. the free text around an unanchored pattern becomes one alternative per prefix
 * length a, followed by the pattern and a suffix of at most high - a - |pattern| characters. Undefined when
 * no string of `node` has such a length; throws LengthIntractable past the element budget.
 */
export function lengthWindow(
  b: JsonGrammarBuilder,
  node: PatternNode,
  low: number,
  high: number,
  emit: Emit,
): GrammarElement[] | undefined {
  return new LengthCompiler(b, high, emit).window(node, low, high);
}

class LengthCompiler {
  private readonly bounds = new Map<PatternNode, [number, number]>();
  private readonly sets = new Map<PatternNode, boolean[]>();
  private readonly memo = new Map<PatternNode, Map<string, GrammarElement[] | undefined>>();
  private elements = 0;

  constructor(
    private readonly b: JsonGrammarBuilder,
    private readonly cap: number,
    private readonly emit: Emit,
  ) {}

  window(node: PatternNode, low: number, high: number): GrammarElement[] | undefined {
    low = Math.max(low, 0);
    if (high < low) return undefined;
    const [min, max] = this.range(node);
    if (min > high || max < low) return undefined;
    if (min >= low && max <= high) return this.emit(node);
    let cache = this.memo.get(node);
    if (!cache) {
      cache = new Map();
      this.memo.set(node, cache);
    }
    const key = `${low},${high}`;
    if (cache.has(key)) return cache.get(key);
    const result = this.split(node, low, high);
    cache.set(key, result);
    return result;
  }

  private split(node: PatternNode, low: number, high: number): GrammarElement[] | undefined {
    switch (node.kind) {
      case 'class':
        return low <= 1 && high >= 1 ? this.emit(node) : undefined;
      case 'alternatives':
        return this.choice(node.options.map((option) => this.window(option, low, high)));
      case 'sequence':
        return this.sequence(node.items, low, high);
      case 'repeat':
        return this.repeat(node, low, high);
      default:
        return low === 0 ? [] : undefined;
    }
  }

  private sequence(items: PatternNode[], low: number, high: number): GrammarElement[] | undefined {
    const [first, ...rest] = items;
    if (first === undefined) return low === 0 ? [] : undefined;
    if (rest.length === 0) return this.window(first, low, high);
    const restNode = this.intern({ kind: 'sequence', items: rest });
    const [min, max] = this.range(first);
    if (min === max) return this.join(this.emit(first), this.window(restNode, low - min, high - min));
    const [restMin, restMax] = this.range(restNode);
    if (restMin === restMax)
      return this.join(this.window(first, low - restMin, high - restMin), this.emit(restNode));
    // Both vary: one alternative per length of the first item.
    return this.choice(
      this.lengths(first)
        .filter((length) => length <= high)
        .map((length) =>
          this.join(this.window(first, length, length), this.window(restNode, low - length, high - length)),
        ),
    );
  }

  private repeat(
    node: Extract<PatternNode, { kind: 'repeat' }>,
    low: number,
    high: number,
  ): GrammarElement[] | undefined {
    const [min, max] = this.range(node.node);
    if (min === max) {
      if (min === 0) return low === 0 ? this.emit(node) : undefined;
      const fewest = Math.max(node.min, Math.ceil(low / min));
      const most = Math.min(node.max, Math.floor(high / min));
      if (fewest > most) return undefined;
      return this.repeated(this.emit(node.node), fewest, most);
    }
    // A variable-length item: x{m,n} is x x{m-1,n-1}, one alternative per length of this x.
    if (min === 0 && node.max === Number.POSITIVE_INFINITY) throw new LengthIntractable();
    const most = min > 0 ? Math.min(node.max, Math.floor(high / min)) : node.max;
    if (most < node.min) return undefined;
    const alternatives: (GrammarElement[] | undefined)[] = [];
    if (node.min === 0 && low === 0) alternatives.push([]);
    if (most >= 1) {
      const next = this.intern({
        kind: 'repeat',
        node: node.node,
        min: Math.max(node.min - 1, 0),
        max: most - 1,
      });
      for (const length of this.lengths(node.node)) {
        if (length > high || (length === 0 && node.min === 0)) continue;
        alternatives.push(
          this.join(this.window(node.node, length, length), this.window(next, low - length, high - length)),
        );
      }
    }
    return this.choice(alternatives);
  }

  private readonly interned = new Map<string, PatternNode>();
  private readonly ids = new Map<PatternNode, number>();

  /** One node object per structure, so windows of equal tails share their cache and rules. */
  private intern(node: PatternNode): PatternNode {
    const id = (child: PatternNode) => {
      const found = this.ids.get(child) ?? this.ids.size;
      this.ids.set(child, found);
      return found;
    };
    const key =
      node.kind === 'sequence'
        ? `s${node.items.map(id).join(',')}`
        : node.kind === 'repeat'
          ? `r${id(node.node)},${node.min},${node.max}`
          : undefined;
    if (key === undefined) return node;
    const found = this.interned.get(key) ?? node;
    this.interned.set(key, found);
    return found;
  }

  /** `item` `fewest` to `most` times, the required ones as a chain of rules so windows share them. */
  private repeated(item: GrammarElement[], fewest: number, most: number): GrammarElement[] {
    const b = this.b;
    const one = item.length === 1 ? (item[0] as GrammarElement) : b.rule('pattern-item', [item]);
    let required: GrammarElement[] = [];
    for (let count = 1; count <= fewest; count++) required = [b.rule('pattern-times', [[one, ...required]])];
    this.count(fewest + 2);
    return [...required, ...b.repeat('pattern-repeat', [one], 0, most - fewest)];
  }

  private join(
    head: GrammarElement[] | undefined,
    tail: GrammarElement[] | undefined,
  ): GrammarElement[] | undefined {
    return head && tail ? [...head, ...tail] : undefined;
  }

  private choice(options: (GrammarElement[] | undefined)[]): GrammarElement[] | undefined {
    const kept = options.filter((option) => option !== undefined);
    if (kept.length === 0) return undefined;
    if (kept.length === 1) return kept[0];
    for (const option of kept) this.count(option.length);
    return [this.b.rule('pattern-length', kept)];
  }

  private count(elements: number): void {
    this.elements += elements;
    if (this.elements > elementBudget) throw new LengthIntractable();
  }

  /** The shortest and longest string of `node` (Infinity when unbounded). */
  private range(node: PatternNode): [number, number] {
    let found = this.bounds.get(node);
    if (found) return found;
    switch (node.kind) {
      case 'class':
        found = [1, 1];
        break;
      case 'sequence':
        found = node.items.map((item) => this.range(item)).reduce(([a, b], [c, d]) => [a + c, b + d], [0, 0]);
        break;
      case 'alternatives': {
        const ranges = node.options.map((option) => this.range(option));
        found = [Math.min(...ranges.map(([a]) => a)), Math.max(...ranges.map(([, b]) => b))];
        break;
      }
      case 'repeat': {
        const [min, max] = this.range(node.node);
        found = [min * node.min, max === 0 ? 0 : max * node.max];
        break;
      }
      default:
        found = [0, 0];
    }
    this.bounds.set(node, found);
    return found;
  }

  /** The lengths up to the cap that strings of `node` can have, ascending. */
  private lengths(node: PatternNode): number[] {
    const set = this.lengthSet(node);
    return set.flatMap((possible, length) => (possible ? [length] : []));
  }

  private lengthSet(node: PatternNode): boolean[] {
    let found = this.sets.get(node);
    if (found) return found;
    const size = this.cap + 1;
    const only = (length: number) => Array.from({ length: size }, (_, index) => index === length);
    const sum = (a: boolean[], b: boolean[]) => {
      const result = new Array<boolean>(size).fill(false);
      for (let i = 0; i < size; i++) {
        if (!a[i]) continue;
        for (let j = 0; i + j < size; j++) if (b[j]) result[i + j] = true;
      }
      return result;
    };
    switch (node.kind) {
      case 'class':
        found = only(1);
        break;
      case 'sequence':
        found = node.items.reduce((set, item) => sum(set, this.lengthSet(item)), only(0));
        break;
      case 'alternatives':
        found = node.options
          .map((option) => this.lengthSet(option))
          .reduce((a, b) => a.map((x, i) => x || (b[i] as boolean)));
        break;
      case 'repeat': {
        const item = this.lengthSet(node.node);
        const union = new Array<boolean>(size).fill(false);
        let times = only(0);
        for (let count = 0; count <= node.max; count++) {
          if (count >= node.min) {
            let added = false;
            for (let i = 0; i < size; i++) {
              if (times[i] && !union[i]) {
                union[i] = true;
                added = true;
              }
            }
            // Nothing new: later counts add nothing either (or nothing is left below the cap).
            if (!added && count > node.min) break;
          }
          if (!times.some(Boolean)) break;
          times = sum(times, item);
        }
        found = union;
        break;
      }
      default:
        found = only(0);
    }
    this.sets.set(node, found);
    return found;
  }
}
