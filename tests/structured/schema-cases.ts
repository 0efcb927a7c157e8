import type { JsonSchema } from '@lore/core';
import { z } from 'zod';

/** One schema for the constrained-decoding suite, with the request that fills it. */
export interface SchemaCase {
  name: string;
  schema: JsonSchema;
  prompt: string;
}

const text = (maxLength: number) => ({ type: 'string', maxLength });
const object = (properties: Record<string, unknown>, required = Object.keys(properties)) => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});
const fromZod = (schema: z.ZodType) => z.toJSONSchema(schema) as JsonSchema;

/** Thirty-odd schemas covering every keyword the compiler enforces; strings and arrays are bounded. */
export const schemaCases: SchemaCase[] = [
  {
    name: 'flat object',
    schema: object({ city: text(20), country: text(20) }),
    prompt: 'Where is the Eiffel Tower?',
  },
  {
    name: 'nested objects',
    schema: object({
      book: object({ title: text(30), author: object({ name: text(24), born: { type: 'integer' } }) }),
    }),
    prompt: 'Describe a famous novel.',
  },
  {
    name: 'string array',
    schema: { type: 'array', items: text(12), minItems: 2, maxItems: 4 },
    prompt: 'List fruits.',
  },
  {
    name: 'exact item count',
    schema: { type: 'array', items: { type: 'integer' }, minItems: 3, maxItems: 3 },
    prompt: 'Three lucky numbers.',
  },
  {
    name: 'empty array allowed',
    schema: object({ tags: { type: 'array', items: text(10), maxItems: 2 } }),
    prompt: 'Tags for a photo of a cat.',
  },
  {
    name: 'prefixItems tuple',
    schema: {
      type: 'array',
      prefixItems: [text(16), { type: 'number' }, { type: 'boolean' }],
      items: false,
      minItems: 3,
    },
    prompt: 'A product name, its price and whether it is in stock.',
  },
  { name: 'string enum', schema: { enum: ['low', 'medium', 'high'] }, prompt: 'How risky is skydiving?' },
  { name: 'mixed enum', schema: { enum: [1, 'two', null, true, 3.5] }, prompt: 'Pick one.' },
  {
    name: 'const',
    schema: object({ version: { const: 2 }, kind: { const: 'report' } }),
    prompt: 'A report header.',
  },
  {
    name: 'string lengths',
    schema: object({ code: { type: 'string', minLength: 3, maxLength: 5 } }),
    prompt: 'An airport code.',
  },
  {
    name: 'integer',
    schema: object({ year: { type: 'integer' } }),
    prompt: 'When did the Berlin wall fall?',
  },
  { name: 'number', schema: object({ celsius: { type: 'number' } }), prompt: 'Body temperature.' },
  { name: 'boolean', schema: object({ answer: { type: 'boolean' } }), prompt: 'Is the sky blue?' },
  { name: 'null', schema: object({ nothing: { type: 'null' } }), prompt: 'Nothing.' },
  {
    name: 'optional properties',
    schema: object({ name: text(20), nickname: text(12), age: { type: 'integer' } }, ['name']),
    prompt: 'Describe a person.',
  },
  {
    name: 'additionalProperties absent',
    schema: { type: 'object', properties: { title: text(30) }, required: ['title'] },
    prompt: 'A movie.',
  },
  {
    name: 'additionalProperties schema (map)',
    schema: { type: 'object', additionalProperties: { type: 'integer' }, minProperties: 1, maxProperties: 3 },
    prompt: 'Population of three cities as a JSON map.',
  },
  { name: 'anyOf scalar', schema: { anyOf: [{ type: 'integer' }, text(10)] }, prompt: 'A number or a word.' },
  {
    name: 'anyOf objects',
    schema: { anyOf: [object({ circle: { type: 'number' } }), object({ square: { type: 'number' } })] },
    prompt: 'A shape with its size.',
  },
  {
    name: 'oneOf as union',
    schema: { oneOf: [{ type: 'boolean' }, { type: 'null' }] },
    prompt: 'Yes, no or unknown.',
  },
  {
    name: 'type array',
    schema: object({ middleName: { type: ['string', 'null'], maxLength: 12 } }),
    prompt: 'A middle name.',
  },
  {
    name: '$defs reference',
    schema: {
      $defs: { point: object({ x: { type: 'integer' }, y: { type: 'integer' } }) },
      ...object({ from: { $ref: '#/$defs/point' }, to: { $ref: '#/$defs/point' } }),
    },
    prompt: 'A line from one point to another.',
  },
  {
    name: 'recursive $ref',
    schema: {
      $defs: {
        entry: {
          anyOf: [
            object({ label: text(8), kind: { const: 'file' } }),
            object({
              label: text(8),
              kind: { const: 'folder' },
              entries: { type: 'array', items: { $ref: '#/$defs/entry' }, maxItems: 2 },
            }),
          ],
        },
      },
      $ref: '#/$defs/entry',
    },
    prompt: 'A folder with one file.',
  },
  {
    name: 'annotations ignored',
    schema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'https://example.com/note',
      title: 'Note',
      description: 'A note',
      ...object({ text: { ...text(40), description: 'the note', examples: ['hi'], default: '' } }),
    },
    prompt: 'A short note.',
  },
  {
    name: 'array of objects',
    schema: {
      type: 'array',
      items: object({ sku: text(8), qty: { type: 'integer' } }),
      minItems: 1,
      maxItems: 2,
    },
    prompt: 'An order.',
  },
  { name: 'unicode text', schema: object({ greeting: text(16) }), prompt: 'Say hello in Japanese.' },
  { name: 'empty object only', schema: { type: 'object', additionalProperties: false }, prompt: 'Nothing.' },
  {
    name: 'zod object with int bounds',
    schema: fromZod(z.object({ name: z.string().max(20), age: z.int(), admin: z.boolean() })),
    prompt: 'A user account.',
  },
  {
    name: 'zod enum, optional and nullable',
    schema: fromZod(
      z.object({
        size: z.enum(['s', 'm', 'l']),
        note: z.string().max(10).optional(),
        color: z.string().max(10).nullable(),
      }),
    ),
    prompt: 'A T-shirt order.',
  },
  {
    name: 'zod tuple and literal',
    schema: fromZod(z.object({ kind: z.literal('pair'), values: z.tuple([z.int(), z.int()]) })),
    prompt: 'A pair of numbers.',
  },
  {
    name: 'zod array and union',
    schema: fromZod(
      z.object({
        items: z
          .array(z.union([z.int(), z.string().max(6)]))
          .min(1)
          .max(3),
      }),
    ),
    prompt: 'Some items.',
  },
  {
    name: 'deep nesting',
    schema: object({ a: object({ b: object({ c: object({ d: { type: 'boolean' } }) }) }) }),
    prompt: 'Deep.',
  },
];
