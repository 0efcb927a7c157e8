import type { Grammar } from './grammar.js';

/**
 * Whether a rule can reach itself without reading a character (e.g. a `$ref` cycle through `anyOf`):
 * llama.cpp refuses such grammars and no JSON value could end the recursion.
 */
export function hasLeftRecursion(grammar: Grammar): boolean {
  const { rules } = grammar;
  const nullable = new Array<boolean>(rules.length).fill(false);
  for (let changed = true; changed; ) {
    changed = false;
    rules.forEach((rule, index) => {
      if (nullable[index]) return;
      const empty = rule.alternatives.some((sequence) =>
        sequence.every((element) => element.kind === 'rule' && nullable[element.rule]),
      );
      if (empty) {
        nullable[index] = true;
        changed = true;
      }
    });
  }
  // Edges to the rules that can come first in each rule.
  const first = rules.map((rule) => {
    const targets = new Set<number>();
    for (const sequence of rule.alternatives) {
      for (const element of sequence) {
        if (element.kind === 'char') break;
        targets.add(element.rule);
        if (!nullable[element.rule]) break;
      }
    }
    return targets;
  });
  const state = new Uint8Array(rules.length); // 0 new, 1 on the path, 2 done
  const visit = (rule: number): boolean => {
    if (state[rule] === 1) return true;
    if (state[rule] === 2) return false;
    state[rule] = 1;
    for (const target of first[rule] as Set<number>) if (visit(target)) return true;
    state[rule] = 2;
    return false;
  };
  return rules.some((_, index) => visit(index));
}
