import type { Grammar, GrammarElement } from './grammar.js';

/** Writes a grammar as GBNF, the grammar format of llama.cpp; rule `root` is the start. */
export function toGbnf(grammar: Grammar): string {
  const names = grammar.rules.map((rule, index) =>
    index === grammar.root ? 'root' : `${rule.name}-${index}`,
  );
  return grammar.rules
    .map((rule, index) => {
      const alternatives = rule.alternatives.map((sequence) =>
        sequence.length === 0 ? '""' : writeSequence(sequence, names),
      );
      return `${names[index]} ::= ${alternatives.join(' | ')}`;
    })
    .join('\n');
}

function writeSequence(sequence: readonly GrammarElement[], names: readonly string[]): string {
  const parts: string[] = [];
  let literal = '';
  for (const element of sequence) {
    if (
      element.kind === 'char' &&
      !element.negated &&
      element.ranges.length === 2 &&
      element.ranges[0] === element.ranges[1]
    ) {
      literal += escapeCode(element.ranges[0] as number, '"');
      continue;
    }
    if (literal) parts.push(`"${literal}"`);
    literal = '';
    if (element.kind === 'rule') parts.push(names[element.rule] as string);
    else {
      let body = '';
      for (let index = 0; index < element.ranges.length; index += 2) {
        const low = element.ranges[index] as number;
        const high = element.ranges[index + 1] as number;
        body += low === high ? escapeCode(low, ']') : `${escapeCode(low, ']')}-${escapeCode(high, ']')}`;
      }
      parts.push(`[${element.negated ? '^' : ''}${body}]`);
    }
  }
  if (literal) parts.push(`"${literal}"`);
  return parts.join(' ');
}

function escapeCode(code: number, quote: string): string {
  const character = String.fromCodePoint(code);
  // Inside a class only letters, digits and space go bare; llama.cpp knows no \- or \^ escape.
  const plain = quote === ']' ? /[A-Za-z0-9 ]/.test(character) : code >= 0x20 && code < 0x7f;
  if (quote === '"' && (character === '"' || character === '\\')) return `\\${character}`;
  if (plain) return character;
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\U${code.toString(16).padStart(8, '0')}`;
}
