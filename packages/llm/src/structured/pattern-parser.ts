/** A regular expression in the subset Lore compiles: code point classes, sequences, alternatives, repeats. */
export type PatternNode =
  | { kind: 'class'; ranges: number[]; negated: boolean }
  | { kind: 'sequence'; items: PatternNode[] }
  | { kind: 'alternatives'; options: PatternNode[] }
  | { kind: 'repeat'; node: PatternNode; min: number; max: number }
  | { kind: 'start' }
  | { kind: 'end' };

/** A regular expression outside the subset, with the reason. */
export class PatternError extends Error {}

const digit = [0x30, 0x39];
const word = [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a];
// JavaScript's \s.
const space = [
  9, 13, 32, 32, 0xa0, 0xa0, 0x1680, 0x1680, 0x2000, 0x200a, 0x2028, 0x2029, 0x202f, 0x202f, 0x205f, 0x205f,
  0x3000, 0x3000, 0xfeff, 0xfeff,
];
const lineTerminators = [10, 10, 13, 13, 0x2028, 0x2029];
const syntax = new Set(Array.from('^$\\.*+?()[]{}|/-'));
const repeatLimit = 1_000;

/**
 * Parses a JSON Schema `pattern` (ECMAScript with the u flag): literals, escapes, classes and ranges, `.`,
 * groups, alternation, `? * + {m,n}` (greedy or lazy) and `^ $`. Lookarounds, backreferences, word
 * boundaries and Unicode property escapes throw a PatternError naming them.
 */
export function parsePattern(pattern: string): PatternNode {
  try {
    new RegExp(pattern, 'u');
  } catch (error) {
    throw new PatternError(`it is not a valid regular expression (${(error as Error).message})`);
  }
  const parser = new Parser(Array.from(pattern));
  const tree = parser.alternatives();
  if (parser.position < parser.characters.length) throw new PatternError('unbalanced ")"');
  return tree;
}

class Parser {
  position = 0;
  constructor(readonly characters: string[]) {}

  private peek(offset = 0): string | undefined {
    return this.characters[this.position + offset];
  }

  private take(): string {
    const character = this.characters[this.position++];
    if (character === undefined) throw new PatternError('it ends too early');
    return character;
  }

  alternatives(): PatternNode {
    const options = [this.sequence()];
    while (this.peek() === '|') {
      this.position++;
      options.push(this.sequence());
    }
    return options.length === 1 ? (options[0] as PatternNode) : { kind: 'alternatives', options };
  }

  private sequence(): PatternNode {
    const items: PatternNode[] = [];
    while (this.peek() !== undefined && this.peek() !== '|' && this.peek() !== ')') {
      items.push(this.quantified(this.atom()));
    }
    return { kind: 'sequence', items };
  }

  private quantified(node: PatternNode): PatternNode {
    let min: number;
    let max: number;
    const next = this.peek();
    if (next === '*') [min, max] = [0, Number.POSITIVE_INFINITY];
    else if (next === '+') [min, max] = [1, Number.POSITIVE_INFINITY];
    else if (next === '?') [min, max] = [0, 1];
    else if (next === '{') {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(this.characters.slice(this.position).join(''));
      if (!match) throw new PatternError('"{" starts no {m,n} repeat');
      min = Number(match[1]);
      max = match[2] === undefined ? min : match[3] === '' ? Number.POSITIVE_INFINITY : Number(match[3]);
      if (min > repeatLimit || (max !== Number.POSITIVE_INFINITY && max > repeatLimit)) {
        throw new PatternError(`the repeat ${match[0]} is above ${repeatLimit}`);
      }
      this.position += match[0].length - 1;
    } else return node;
    this.position++;
    if (this.peek() === '?') this.position++; // lazy: the same strings
    if (node.kind === 'start' || node.kind === 'end') throw new PatternError('an anchor cannot repeat');
    return { kind: 'repeat', node, min, max };
  }

  private atom(): PatternNode {
    const character = this.take();
    switch (character) {
      case '^':
        return { kind: 'start' };
      case '$':
        return { kind: 'end' };
      case '.':
        return { kind: 'class', ranges: lineTerminators, negated: true };
      case '[':
        return this.characterClass();
      case '(':
        return this.group();
      case '\\':
        return this.escape(false);
      case ')':
      case '*':
      case '+':
      case '?':
      case '{':
        throw new PatternError(`"${character}" has nothing to apply to`);
      default:
        return single(character.codePointAt(0) as number);
    }
  }

  private group(): PatternNode {
    if (this.peek() === '?') {
      const kind = this.peek(1);
      if (kind === ':') this.position += 2;
      else if (kind === '<' && this.peek(2) !== '=' && this.peek(2) !== '!') {
        while (this.take() !== '>') {}
      } else throw new PatternError(`lookaround "(?${kind}${this.peek(2) ?? ''}" is not supported`);
    }
    const inner = this.alternatives();
    if (this.take() !== ')') throw new PatternError('a group is not closed');
    return inner;
  }

  private characterClass(): PatternNode {
    const negated = this.peek() === '^';
    if (negated) this.position++;
    const ranges: number[] = [];
    while (this.peek() !== ']') {
      const low = this.classAtom();
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        this.position++;
        const high = this.classAtom();
        if (low.length !== 2 || high.length !== 2 || low[0] !== low[1] || high[0] !== high[1]) {
          throw new PatternError('a class range needs single characters at both ends');
        }
        ranges.push(low[0] as number, high[0] as number);
      } else ranges.push(...low);
    }
    this.position++;
    return { kind: 'class', ranges, negated };
  }

  private classAtom(): number[] {
    const character = this.take();
    if (character !== '\\') return [character.codePointAt(0) as number, character.codePointAt(0) as number];
    if (this.peek() === 'b') {
      this.position++;
      return [8, 8];
    }
    if (this.peek() === '-') {
      this.position++;
      return [0x2d, 0x2d];
    }
    const node = this.escape(true);
    if (node.kind !== 'class' || node.negated)
      throw new PatternError('\\D, \\W and \\S inside [...] are not supported');
    return node.ranges;
  }

  private escape(inClass: boolean): PatternNode {
    const character = this.take();
    const code = (text: string) => single(Number.parseInt(text, 16));
    switch (character) {
      case 'd':
        return { kind: 'class', ranges: digit, negated: false };
      case 'D':
        return { kind: 'class', ranges: digit, negated: true };
      case 'w':
        return { kind: 'class', ranges: word, negated: false };
      case 'W':
        return { kind: 'class', ranges: word, negated: true };
      case 's':
        return { kind: 'class', ranges: space, negated: false };
      case 'S':
        return { kind: 'class', ranges: space, negated: true };
      case 't':
        return single(9);
      case 'n':
        return single(10);
      case 'v':
        return single(11);
      case 'f':
        return single(12);
      case 'r':
        return single(13);
      case '0':
        return single(0);
      case 'x':
        return code(this.take() + this.take());
      case 'u': {
        if (this.peek() !== '{') return code(this.take() + this.take() + this.take() + this.take());
        let hex = '';
        this.position++;
        for (let next = this.take(); next !== '}'; next = this.take()) hex += next;
        return code(hex);
      }
      default:
        if (syntax.has(character)) return single(character.codePointAt(0) as number);
        if (/[1-9]|k/.test(character))
          throw new PatternError(`backreference "\\${character}" is not supported`);
        if (character === 'b' || character === 'B') {
          throw new PatternError(`word boundary "\\${character}" is not supported`);
        }
        throw new PatternError(`escape "\\${character}"${inClass ? ' inside [...]' : ''} is not supported`);
    }
  }
}

function single(code: number): PatternNode {
  return { kind: 'class', ranges: [code, code], negated: false };
}
