import { GrammarBuilder, type GrammarElement } from './grammar.js';

/** A grammar builder with JSON's pieces: bounded whitespace, strings, numbers, lists and any value. */
export class JsonGrammarBuilder extends GrammarBuilder {
  /** Bounded whitespace between tokens: small models otherwise loop on newlines and spaces. */
  readonly space: GrammarElement;
  private any?: { value: number; object: number };

  constructor() {
    super();
    this.space = this.rule('ws', [
      [],
      this.literal(' '),
      [...this.literal('\n'), ...this.repeat('indent', [this.chars(' ')], 0, 8)],
    ]);
  }

  /** A string of `min` to `max` characters; an escape counts as one. */
  string(min: number, max: number): GrammarElement {
    return this.quoted(this.repeat('string', [this.stringCharacter()], min, max));
  }

  /** One character of a JSON string's body: itself or an escape. */
  stringCharacter(): GrammarElement {
    const hex = this.chars('09', 'af', 'AF');
    // \u escapes of surrogates are left out: JSON Schema counts a surrogate pair as one character.
    const unicode = this.rule('unicode', [
      [this.chars('09', 'ac', 'AC'), hex, hex, hex],
      [this.chars('dd', 'DD'), this.chars('07'), hex, hex],
      [this.chars('ef', 'EF'), hex, hex, hex],
    ]);
    return this.rule('char', [
      [{ kind: 'char', ranges: [0x22, 0x22, 0x5c, 0x5c, 0, 0x1f], negated: true }],
      [...this.literal('\\'), this.chars('""', '\\\\', '//', 'bb', 'ff', 'nn', 'rr', 'tt')],
      [...this.literal('\\u'), unicode],
    ]);
  }

  /** A JSON string whose body is `body`. */
  quoted(body: GrammarElement[]): GrammarElement {
    return this.rule('string', [[...this.literal('"'), ...body, ...this.literal('"')]]);
  }

  /** An integer of at most 15 digits, so it stays exact as a JavaScript number. */
  integer(): GrammarElement {
    const natural = this.rule('natural', [
      this.literal('0'),
      [this.chars('19'), ...this.repeat('digits', [this.chars('09')], 0, 14)],
    ]);
    return this.rule('integer', [[this.rule('minus', [[], this.literal('-')]), natural]]);
  }

  /** A number: an integer, an optional fraction of up to 15 digits and an exponent of up to 2. */
  number(): GrammarElement {
    const digits = this.chars('09');
    const fraction = [...this.literal('.'), ...this.repeat('digits', [digits], 1, 15)];
    const exponent = [
      this.chars('ee', 'EE'),
      this.rule('sign', [[], this.literal('-'), this.literal('+')]),
      ...this.repeat('digits', [digits], 1, 2),
    ];
    return this.rule('number', [
      [this.integer(), this.rule('fraction', [fraction, []]), this.rule('exponent', [exponent, []])],
    ]);
  }

  boolean(): GrammarElement {
    return this.rule('boolean', [this.literal('true'), this.literal('false')]);
  }

  null(): GrammarElement {
    return this.rule('null', [this.literal('null')]);
  }

  /** `open item (ws "," item)* close` with between `min` and `max` items (`max` may be Infinity). */
  list(
    name: string,
    open: GrammarElement[],
    item: GrammarElement[],
    close: GrammarElement[],
    min: number,
    max: number,
  ): GrammarElement {
    if (max === 0) return this.rule(name, [[...open, ...close]]);
    const more = this.repeat(
      `${name}-item`,
      [this.space, ...this.literal(','), ...item],
      Math.max(0, min - 1),
      max - 1,
    );
    const some = this.rule(`${name}-items`, [[...item, ...more]]);
    return this.rule(name, [[...open, min > 0 ? some : this.rule(`${name}-items`, [[some], []]), ...close]]);
  }

  /** An object whose values match `value`, with between `min` and `max` members. */
  map(value: GrammarElement, min: number, max: number): GrammarElement {
    const member = [
      this.space,
      this.string(0, Number.POSITIVE_INFINITY),
      this.space,
      ...this.literal(':'),
      this.space,
      value,
    ];
    return this.list('map', this.literal('{'), member, [this.space, ...this.literal('}')], min, max);
  }

  /** Any JSON value; the rules are built once and are recursive. */
  anyValue(): GrammarElement {
    return { kind: 'rule', rule: this.anyRules().value };
  }

  anyObject(): GrammarElement {
    return { kind: 'rule', rule: this.anyRules().object };
  }

  private anyRules(): { value: number; object: number } {
    if (this.any) return this.any;
    const value = this.reserve('value');
    const object = this.reserve('any-object');
    const array = this.reserve('any-array');
    this.any = { value, object };
    const valueElement: GrammarElement = { kind: 'rule', rule: value };
    this.define(value, [
      [{ kind: 'rule', rule: object }],
      [{ kind: 'rule', rule: array }],
      [this.string(0, Number.POSITIVE_INFINITY)],
      [this.number()],
      [this.boolean()],
      [this.null()],
    ]);
    this.define(object, [[this.map(valueElement, 0, Number.POSITIVE_INFINITY)]]);
    const close = [this.space, ...this.literal(']')];
    const elements = this.list('elements', this.literal('['), [this.space, valueElement], close, 0, Infinity);
    this.define(array, [[elements]]);
    return this.any;
  }
}
