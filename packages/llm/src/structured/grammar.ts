/** One grammar element: a character class over code points, or a reference to another rule. */
export type GrammarElement =
  | { kind: 'char'; ranges: readonly number[]; negated: boolean }
  | { kind: 'rule'; rule: number };

/** A rule: alternatives, each a sequence of elements (an empty sequence matches the empty string). */
export interface GrammarRule {
  name: string;
  alternatives: GrammarElement[][];
}

/**
 * A context-free grammar over Unicode code points with no repetition operators (repetitions are expanded
 * into right-recursive rules), the one form both backends read: GBNF text for llama.cpp and Lore's own
 * recognizer for the transformers.js logits processor.
 */
export interface Grammar {
  rules: GrammarRule[];
  root: number;
}

/** Builds a grammar, sharing rules whose alternatives are identical. */
export class GrammarBuilder {
  readonly rules: GrammarRule[] = [];
  private readonly byContent = new Map<string, number>();

  /** Reserves a rule to define later (for recursion, e.g. `$ref` cycles). */
  reserve(name: string): number {
    this.rules.push({ name, alternatives: [] });
    return this.rules.length - 1;
  }

  define(rule: number, alternatives: GrammarElement[][]): void {
    (this.rules[rule] as GrammarRule).alternatives = alternatives;
  }

  /** A rule with these alternatives, reusing an existing identical one. */
  rule(name: string, alternatives: GrammarElement[][]): GrammarElement {
    const key = JSON.stringify(alternatives);
    let index = this.byContent.get(key);
    if (index === undefined) {
      index = this.reserve(name);
      this.define(index, alternatives);
      this.byContent.set(key, index);
    }
    return { kind: 'rule', rule: index };
  }

  /** Elements matching exactly `text`. */
  literal(text: string): GrammarElement[] {
    return Array.from(text, (character) => {
      const code = character.codePointAt(0) as number;
      return { kind: 'char', ranges: [code, code], negated: false };
    });
  }

  /** A character class from `[low, high]` pairs given as characters, e.g. `chars('09', 'az')`. */
  chars(...pairs: string[]): GrammarElement {
    const ranges = pairs.flatMap((pair) => {
      const [low, high = low] = Array.from(pair);
      return [(low as string).codePointAt(0) as number, (high as string).codePointAt(0) as number];
    });
    return { kind: 'char', ranges, negated: false };
  }

  /** `elements` repeated between `min` and `max` times (`max` may be Infinity). */
  repeat(name: string, elements: GrammarElement[], min: number, max: number): GrammarElement[] {
    const item = elements.length === 1 ? (elements[0] as GrammarElement) : this.rule(name, [elements]);
    const result: GrammarElement[] = Array.from({ length: min }, () => item);
    if (max === Number.POSITIVE_INFINITY) {
      const star = this.reserve(`${name}-star`);
      this.define(star, [[item, { kind: 'rule', rule: star }], []]);
      result.push({ kind: 'rule', rule: star });
    } else if (max > min) {
      // Nested optionals: up-to-k ::= "" | item up-to-(k-1).
      let tail = this.rule(`${name}-opt`, [[item], []]);
      for (let count = 2; count <= max - min; count++) {
        tail = this.rule(`${name}-opt`, [[item, tail], []]);
      }
      result.push(tail);
    }
    return result;
  }

  /** The current size, to roll back to. */
  mark(): number {
    return this.rules.length;
  }

  /** Drops the rules added since `mark` (none of them may be referenced by rules kept). */
  rollback(mark: number): void {
    this.rules.length = mark;
    for (const [key, index] of this.byContent) if (index >= mark) this.byContent.delete(key);
  }

  build(root: number): Grammar {
    return { rules: this.rules, root };
  }
}
