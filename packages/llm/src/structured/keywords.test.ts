import type { JsonSchema } from '@lore/core/spec';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileSchema } from './compile-schema.js';
import type { Grammar, GrammarElement } from './grammar.js';
import { createRecognizer, type Recognizer, type RecognizerState } from './recognizer.js';

const ajv = new Ajv2020({ strict: false });
addFormats.default(ajv);
const recognize = (schema: JsonSchema) => createRecognizer(compileSchema(schema).grammar);

describe('numeric bounds', () => {
  it('compiles integer ranges exactly, digit by digit', () => {
    const r = recognize({ type: 'integer', minimum: -12, maximum: 305 });
    for (const text of ['-12', '-9', '-1', '0', '7', '10', '99', '100', '299', '305']) {
      expect(r.accepts(text), text).toBe(true);
    }
    for (const text of ['-13', '-0', '306', '310', '999', '1000', '05', '1.0']) {
      expect(r.accepts(text), text).toBe(false);
    }
  });

  it('turns exclusive and fractional integer bounds into inclusive ones', () => {
    const r = recognize({ type: 'integer', exclusiveMinimum: 0, exclusiveMaximum: 10.5 });
    expect(['1', '9', '10'].every((text) => r.accepts(text))).toBe(true);
    expect(['0', '11', '-1'].some((text) => r.accepts(text))).toBe(false);
    expect(compileSchema({ type: 'integer', minimum: 1 }).unchecked).toEqual([]);
  });

  it('bounds numbers exactly next to integer bounds', () => {
    const unit = recognize({ type: 'number', minimum: 0, maximum: 1 });
    expect(['0', '0.5', '1', '1.000', '0.999'].every((text) => unit.accepts(text))).toBe(true);
    expect(['-0.1', '1.01', '2', '1e0', '-1'].some((text) => unit.accepts(text))).toBe(false);
    const positive = recognize({ type: 'number', exclusiveMinimum: 0 });
    expect(
      positive.accepts('0.01') && positive.accepts('3') && !positive.accepts('0') && !positive.accepts('0.0'),
    ).toBe(true);
    const negative = recognize({ type: 'number', exclusiveMaximum: -2 });
    expect(
      negative.accepts('-2.5') &&
        negative.accepts('-3') &&
        !negative.accepts('-2') &&
        !negative.accepts('-1.5'),
    ).toBe(true);
  });

  it('leaves a fractional number bound and multipleOf to validation, and says so', () => {
    expect(compileSchema({ type: 'number', minimum: 0, maximum: 2.5 }).unchecked).toEqual(['#/maximum']);
    expect(compileSchema({ type: 'number', minimum: 0, maximum: 1 }).unchecked).toEqual([]);
    expect(compileSchema({ type: 'integer', multipleOf: 5 }).unchecked).toEqual(['#/multipleOf']);
  });
});

describe('pattern and format', () => {
  it('compiles a regular expression subset into the string grammar', () => {
    const r = recognize({ type: 'string', pattern: '^[A-Z]{2,3}-\\d+(?:\\.[a-z]|_)?$' });
    expect(['"AB-1"', '"XYZ-042.q"', '"AB-7_"'].every((text) => r.accepts(text))).toBe(true);
    expect(['"A-1"', '"ABCD-1"', '"AB-"', '"AB-1.Q"', '"ab-1"'].some((text) => r.accepts(text))).toBe(false);
  });

  it('bounds the length of a pattern exactly in the grammar', () => {
    const { grammar, unchecked } = compileSchema({ type: 'string', pattern: '^a+$', maxLength: 3 });
    const r = createRecognizer(grammar);
    expect(r.accepts('"aaa"') && !r.accepts('"aaaa"')).toBe(true);
    expect(unchecked).toEqual([]);
  });

  it('gives the free text around an unanchored pattern what the length bounds leave', () => {
    const { grammar, unchecked } = compileSchema({ type: 'string', pattern: 'cat', maxLength: 40 });
    const r = createRecognizer(grammar);
    for (const text of ['cat', 'A "cat" sat on the mat.', `${'x'.repeat(37)}cat`, `cat${'y'.repeat(37)}`]) {
      expect(r.accepts(JSON.stringify(text)), text).toBe(true);
    }
    for (const text of ['dog', `${'x'.repeat(38)}cat`, `${'x'.repeat(20)}cat${'y'.repeat(18)}`]) {
      expect(r.accepts(JSON.stringify(text)), text).toBe(false);
    }
    // A prefix the length budget cannot finish is refused as it is written.
    expect(r.advance(r.initial, `"${'x'.repeat(37)}`)).toBeDefined();
    expect(r.advance(r.initial, `"${'x'.repeat(38)}`)).toBeUndefined();
    expect(unchecked).toEqual([]);
  });

  it('splits variable-length parts of a pattern by length to meet minLength and maxLength', () => {
    const schema = { type: 'string', pattern: '^\\d{2,5}-(ab|c)+$', minLength: 6, maxLength: 7 };
    const { grammar, unchecked } = compileSchema(schema);
    const r = createRecognizer(grammar);
    const check = ajv.compile(schema);
    const texts = [
      '12-abc',
      '12-cab',
      '123-abc',
      '1234-ab',
      '12345-c',
      '12-cccc',
      '12-ab',
      '12345-ab',
      '1-ababab',
    ];
    for (const text of texts) expect(r.accepts(JSON.stringify(text)), text).toBe(check(text));
    expect(unchecked).toEqual([]);
  });

  it('bounds a format by length too, and validates the length when that grammar would be too large', () => {
    const email = compileSchema({ type: 'string', format: 'email', maxLength: 12 });
    const r = createRecognizer(email.grammar);
    expect(r.accepts('"ann@ex.com"') && !r.accepts('"ann.lee@example.com"')).toBe(true);
    expect(email.unchecked).toEqual([]);
    expect(compileSchema({ type: 'string', format: 'uri', maxLength: 100 }).unchecked).toEqual([
      '#/maxLength',
    ]);
  });

  it('rejects a pattern no string of the allowed length matches', () => {
    expect(() => compileSchema({ type: 'string', pattern: '^[a-z]{5}$', maxLength: 4 })).toThrow(
      /#\/pattern: no string of 0 to 4 characters/,
    );
  });

  it('lets an unanchored pattern match anywhere in the string', () => {
    const r = recognize({ type: 'string', pattern: 'ab|cd' });
    expect(r.accepts('"xxabyy"') && r.accepts('"cd"') && !r.accepts('"acbd"')).toBe(true);
  });

  it('writes characters JSON must escape as escapes', () => {
    const r = recognize({ type: 'string', pattern: '^["\\\\\\n]$' });
    expect(r.accepts('"\\""') && r.accepts('"\\\\"') && r.accepts('"\\n"') && !r.accepts('"\n"')).toBe(true);
  });

  it.each([
    ['(?=a)', 'lookaround'],
    ['(?<!a)b', 'lookaround'],
    ['(a)\\1', 'backreference'],
    ['\\bword', 'word boundary'],
    ['\\p{L}', 'escape'],
    ['a(^b)', 'only supported at the start and end'],
    ['(', 'not a valid regular expression'],
  ])('rejects %s with BAD_REQUEST naming the pattern and path', (pattern, reason) => {
    const schema = { type: 'object', properties: { code: { type: 'string', pattern } } };
    expect(() => compileSchema(schema)).toThrowError(expect.objectContaining({ code: 'BAD_REQUEST' }));
    expect(() => compileSchema(schema)).toThrow('#/properties/code/pattern');
    expect(() => compileSchema(schema)).toThrow(reason);
  });

  it('accepts the formats people use and refuses malformed values', () => {
    const cases: Record<string, [string[], string[]]> = {
      date: [
        ['2024-02-29', '1999-12-31'],
        ['2023-02-29', '2024-13-01', '2024-04-31', '24-01-01'],
      ],
      time: [
        ['23:59:59Z', '08:30:00.123Z'],
        ['24:00:00Z', '08:30:00', '8:30:00Z'],
      ],
      'date-time': [['2024-05-01T12:00:00Z'], ['2024-05-01 12:00:00Z', '2024-05-01T12:00:00']],
      email: [
        ['ann.lee@example.com', 'x+y@a-b.co.uk'],
        ['ann@', '@example.com', 'a..b@example.com'],
      ],
      uuid: [['123e4567-e89b-42d3-a456-426614174000'], ['123e4567e89b42d3a456426614174000']],
      uri: [
        ['https://example.com/a/b?x=1', 'ftp://files.example.org:21/pub'],
        ['example.com', 'http:/x'],
      ],
    };
    for (const [format, [good, bad]] of Object.entries(cases)) {
      const r = recognize({ type: 'string', format });
      for (const value of good) expect(r.accepts(JSON.stringify(value)), `${format} ${value}`).toBe(true);
      for (const value of bad) expect(r.accepts(JSON.stringify(value)), `${format} ${value}`).toBe(false);
    }
  });

  it('compiles zod 4 string schemas (formats with their patterns)', () => {
    const schema = z.toJSONSchema(
      z.object({ email: z.email(), id: z.uuid(), at: z.iso.datetime(), day: z.iso.date(), url: z.url() }),
    ) as JsonSchema;
    const { grammar, unchecked } = compileSchema(schema);
    // The grammar follows the format; zod's pattern next to it is validated afterwards.
    expect(unchecked).toContain('#/properties/email/pattern');
    const value = {
      email: 'ann@example.com',
      id: '123e4567-e89b-42d3-a456-426614174000',
      at: '2024-05-01T12:00:00Z',
      day: '2024-05-01',
      url: 'https://example.com',
    };
    expect(createRecognizer(grammar).accepts(JSON.stringify(value))).toBe(true);
  });
});

describe('object sizes and unique items', () => {
  it('forces minProperties and maxProperties over declared optional properties', () => {
    const r = recognize({
      type: 'object',
      properties: { a: { type: 'integer' }, b: { type: 'integer' }, c: { type: 'integer' } },
      minProperties: 1,
      maxProperties: 2,
    });
    expect(r.accepts('{"a":1}') && r.accepts('{"b":1,"c":2}') && r.accepts('{"a":1,"c":2}')).toBe(true);
    expect(r.accepts('{}') || r.accepts('{"a":1,"b":2,"c":3}')).toBe(false);
  });

  it('writes distinct items by grammar when they come from a small enum', () => {
    const { grammar, unchecked } = compileSchema({
      type: 'array',
      items: { enum: ['x', 'y', 'z'] },
      minItems: 2,
      uniqueItems: true,
    });
    const r = createRecognizer(grammar);
    expect(r.accepts('["x", "z"]') && r.accepts('["z","y","x"]')).toBe(true);
    expect(r.accepts('["x","x"]') || r.accepts('["y"]') || r.accepts('["x","y","z","x"]')).toBe(false);
    expect(unchecked).toEqual([]);
  });

  it('leaves uniqueItems to validation', () => {
    expect(compileSchema({ type: 'array', items: { type: 'integer' }, uniqueItems: true }).unchecked).toEqual(
      ['#/uniqueItems'],
    );
  });
});

/** Walks the grammar at random: each completed walk is a string the grammar accepts. */
function randomSentence(grammar: Grammar, recognizer: Recognizer, random: () => number): string {
  const pool = ['a', 'Z', '0', '9', ' ', '-', '.', 'é', '\\', '"'];
  let state: RecognizerState = recognizer.initial;
  let text = '';
  for (let steps = 0; steps < 600; steps++) {
    if (state.complete && (state.frames.length === 0 || random() < (steps > 80 ? 0.9 : 0.1))) return text;
    const frame = state.frames[
      Math.floor(random() * state.frames.length)
    ] as RecognizerState['frames'][number];
    const element = grammar.rules[frame.rule]?.alternatives[frame.alternative]?.[
      frame.index
    ] as GrammarElement & {
      kind: 'char';
    };
    const candidates = element.negated
      ? pool
      : Array.from({ length: element.ranges.length / 2 }, (_, index) => {
          const low = element.ranges[index * 2] as number;
          const high = element.ranges[index * 2 + 1] as number;
          return String.fromCodePoint(low + Math.floor(random() * (high - low + 1)));
        });
    const choice = candidates[Math.floor(random() * candidates.length)] as string;
    const next = recognizer.step(state, choice.codePointAt(0) as number);
    if (!next) continue;
    state = next;
    text += choice;
  }
  return state.complete ? text : '';
}

describe('every sentence of an exact grammar validates with ajv and ajv-formats (random walks)', () => {
  let seed = 11;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  it.each([
    { type: 'integer', minimum: -250, maximum: 1999 },
    { type: 'integer', exclusiveMinimum: 7, exclusiveMaximum: 1000 },
    { type: 'number', minimum: -1, maximum: 1 },
    { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 100 },
    { type: 'number', minimum: 3, exclusiveMaximum: 4 },
    ...['date', 'time', 'date-time', 'email', 'uuid', 'uri', 'hostname', 'ipv4'].map((format) => ({
      type: 'string',
      format,
    })),
    { type: 'string', pattern: '^(?:[a-f0-9]{2}:){2}[A-F]+$' },
    { type: 'string', pattern: '^[^@\\s]{1,8}@[a-z]\\.(?:io|dev)$' },
    {
      type: 'object',
      properties: { a: { type: 'boolean' }, b: { type: 'null' }, c: { enum: [1, 2] } },
      required: ['a'],
      minProperties: 2,
      maxProperties: 2,
    },
  ] as JsonSchema[])('%j', (schema) => {
    const { grammar, unchecked } = compileSchema(schema);
    expect(unchecked).toEqual([]);
    const recognizer = createRecognizer(grammar);
    const validate = ajv.compile(schema);
    let complete = 0;
    for (let walk = 0; walk < 150; walk++) {
      const text = randomSentence(grammar, recognizer, random);
      if (!text) continue;
      complete++;
      expect(validate(JSON.parse(text)), `${text} ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
    expect(complete).toBeGreaterThan(40);
  });
});
