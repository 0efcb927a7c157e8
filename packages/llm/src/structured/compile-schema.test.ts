import type { JsonSchema } from '@lore/core/spec';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileJsonObject, compileJsonSchema } from './compile-schema.js';
import { toGbnf } from './gbnf.js';
import type { Grammar, GrammarElement } from './grammar.js';
import { createRecognizer, type Recognizer, type RecognizerState } from './recognizer.js';

const person: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 8 },
    age: { type: 'integer' },
    email: { type: 'string', maxLength: 20 },
    tags: { type: 'array', items: { enum: ['a', 'b'] }, maxItems: 2 },
  },
  required: ['name', 'age'],
  additionalProperties: false,
};

const recognize = (schema: JsonSchema) => createRecognizer(compileJsonSchema(schema));

describe('compileJsonSchema and the recognizer', () => {
  it('accepts valid JSON in declaration order, with bounded whitespace', () => {
    const r = recognize(person);
    expect(r.accepts('{"name":"Ann","age":31}')).toBe(true);
    expect(r.accepts('{ "name": "Ann", "age": -4, "email": "a@b.c", "tags": ["a", "b"] }')).toBe(true);
    expect(r.accepts('{\n  "name": "Ann",\n  "age": 0,\n  "tags": []\n}')).toBe(true);
  });

  it('rejects missing required, unknown, reordered and out-of-bounds values', () => {
    const r = recognize(person);
    for (const text of [
      '{"age":31}',
      '{"name":"Ann"}',
      '{"name":"Ann","age":31,"extra":1}',
      '{"age":31,"name":"Ann"}',
      '{"name":"","age":1}',
      '{"name":"123456789","age":1}',
      '{"name":"Ann","age":1.5}',
      '{"name":"Ann","age":01}',
      '{"name":"Ann","age":1,"tags":["a","b","a"]}',
      '{"name":"Ann","age":1,"tags":["c"]}',
      '{"name":"Ann","age":1}{',
      '{"name":"Ann","age":1                      }',
    ]) {
      expect(r.accepts(text), text).toBe(false);
    }
  });

  it('tells a valid prefix from an invalid one at the first wrong character', () => {
    const r = recognize(person);
    expect(r.advance(r.initial, '{"name":"An')).toBeDefined();
    expect(r.advance(r.initial, '{"na')).toBeDefined();
    expect(r.advance(r.initial, '{"ag')).toBeUndefined();
    expect(r.advance(r.initial, '{"name":"Ann","age":x')).toBeUndefined();
    expect(r.advance(r.initial, '{"name":"Ann","age":1')?.complete).toBe(false);
  });

  it('reads strings with escapes and unicode, counting an escape as one character', () => {
    const r = recognize({ type: 'string', maxLength: 4 });
    expect(r.accepts('"a\\"\\\\\\n"')).toBe(true);
    expect(r.accepts('"\\u00e9😀é"')).toBe(true);
    expect(r.accepts('"\\ud83d"')).toBe(false);
    expect(r.accepts('"\\x41"')).toBe(false);
    expect(r.accepts('"a\nb"')).toBe(false);
    expect(r.accepts('"abcde"')).toBe(false);
  });

  it('handles enum, const, anyOf, oneOf, type arrays, $ref recursion, tuples and maps', () => {
    expect(recognize({ enum: [1, 'x', null, { a: [true] }] }).accepts('{"a":[true]}')).toBe(true);
    expect(recognize({ const: 'only' }).accepts('"other"')).toBe(false);
    const union = recognize({ anyOf: [{ type: 'integer' }, { type: 'null' }] });
    expect(union.accepts('12') && union.accepts('null') && !union.accepts('"12"')).toBe(true);
    expect(recognize({ oneOf: [{ type: 'boolean' }, { type: 'string', maxLength: 1 }] }).accepts('"t"')).toBe(
      true,
    );
    expect(recognize({ type: ['number', 'null'] }).accepts('-1.5e-3')).toBe(true);
    const tree = recognize({
      $defs: {
        node: { type: 'object', properties: { kids: { type: 'array', items: { $ref: '#/$defs/node' } } } },
      },
      $ref: '#/$defs/node',
    });
    expect(tree.accepts('{"kids":[{"kids":[{}]},{}]}')).toBe(true);
    const tuple = recognize({
      type: 'array',
      prefixItems: [{ type: 'string' }, { type: 'integer' }],
      items: false,
    });
    expect(tuple.accepts('["a",1]') && tuple.accepts('["a"]') && !tuple.accepts('["a",1,2]')).toBe(true);
    const map = recognize({ type: 'object', additionalProperties: { type: 'boolean' }, maxProperties: 2 });
    expect(map.accepts('{"x":true,"y":false}') && !map.accepts('{"x":true,"y":false,"z":true}')).toBe(true);
    const object = createRecognizer(compileJsonObject());
    expect(object.accepts('{"a":[1,{"b":null}],"c":"d"}') && !object.accepts('[1]')).toBe(true);
  });

  it('accepts the schemas zod 4 writes, with the safe-integer bounds of z.int()', () => {
    const schema = z.toJSONSchema(
      z.object({ id: z.int(), tags: z.array(z.string()).max(2), note: z.string().optional().nullable() }),
    ) as JsonSchema;
    expect(recognize(schema).accepts('{"id":123456789012345,"tags":["x"],"note":null}')).toBe(true);
    // 16 digits could pass 2^53; integers stop at 15.
    expect(recognize(schema).accepts('{"id":1234567890123456,"tags":[]}')).toBe(false);
  });

  it.each([
    [{ type: 'string', pattern: '^(?=a)' }, '#/pattern'],
    [{ type: 'string', format: 'ipv6' }, '#/format'],
    [{ type: 'integer', minimum: 5, maximum: 4 }, '#/minimum'],
    [{ type: 'number', exclusiveMaximum: true }, '#/exclusiveMaximum'],
    [{ type: 'number', multipleOf: 0 }, '#/multipleOf'],
    [{ not: { type: 'null' } }, '#/not'],
    [{ if: { type: 'string' }, else: { maxLength: 1 } }, '#/if'],
    [{ type: 'object', patternProperties: { '^x': {} } }, '#/patternProperties'],
    [{ allOf: [{ type: 'string' }] }, '#/allOf'],
    [{ type: 'object', properties: { a: {} }, minProperties: 2 }, '#/minProperties'],
    [
      { type: 'object', properties: { a: { type: 'string', contentEncoding: 'base64' } } },
      '#/properties/a/contentEncoding',
    ],
    [{ $ref: 'https://example.com/schema' }, '#/$ref'],
    [{ type: 'string', maxLength: 1e6 }, '#/maxLength'],
    [
      { $defs: { a: { anyOf: [{ $ref: '#/$defs/a' }, { type: 'null' }] } }, $ref: '#/$defs/a' },
      'refers back',
    ],
    [{ $ref: '#' }, 'refers back'],
    [{ type: 'object', required: ['x'], additionalProperties: false }, '#/required'],
  ])('rejects %j up front, naming %s', (schema, path) => {
    expect(() => compileJsonSchema(schema as JsonSchema)).toThrowError(
      expect.objectContaining({ code: 'BAD_REQUEST' }),
    );
    expect(() => compileJsonSchema(schema as JsonSchema)).toThrow(path);
  });

  it('writes GBNF with a root rule and one line per rule', () => {
    const grammar = compileJsonSchema(person);
    const gbnf = toGbnf(grammar);
    expect(gbnf.split('\n')).toHaveLength(grammar.rules.length);
    expect(gbnf).toMatch(/^root ::= /m);
  });
});

/** Walks the grammar at random: each completed walk is a string the grammar accepts. */
function randomSentence(grammar: Grammar, recognizer: Recognizer, random: () => number): string {
  const pool = ['a', 'Z', '0', ' ', 'é', '😀', '\\', '"', '\n'];
  let state: RecognizerState = recognizer.initial;
  let text = '';
  for (let steps = 0; steps < 400; steps++) {
    // Finish as soon as possible after a while, so walks stay short.
    if (state.complete && (state.frames.length === 0 || random() < (steps > 60 ? 0.9 : 0.2))) return text;
    const frames = state.frames;
    const frame = frames[Math.floor(random() * frames.length)] as (typeof frames)[number];
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

describe('every sentence of the grammar validates against the schema (random walks)', () => {
  const ajv = new Ajv2020({ strict: false });
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  it.each([
    person,
    { type: 'array', items: { type: 'number' }, minItems: 1, maxItems: 4 },
    { anyOf: [{ type: 'string', minLength: 2, maxLength: 3 }, { type: 'boolean' }, { enum: [1, 'two'] }] },
    { type: 'object', properties: { a: { type: ['integer', 'null'] }, b: { const: { x: 1 } } } },
    {
      type: 'array',
      prefixItems: [{ type: 'integer' }, { type: 'string', maxLength: 2 }],
      items: { type: 'null' },
      minItems: 1,
    },
    { type: 'object', additionalProperties: { type: 'integer' }, minProperties: 1, maxProperties: 2 },
  ] as JsonSchema[])('%j', (schema) => {
    const grammar = compileJsonSchema(schema);
    const recognizer = createRecognizer(grammar);
    const validate = ajv.compile(schema);
    let complete = 0;
    for (let walk = 0; walk < 200; walk++) {
      const text = randomSentence(grammar, recognizer, random);
      if (!text) continue;
      complete++;
      const value = JSON.parse(text);
      expect(validate(value), `${text} ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
    expect(complete).toBeGreaterThan(50);
  });
});
