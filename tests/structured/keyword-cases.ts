import type { JsonSchema } from '@lore/core';
import { z } from 'zod';
import type { SchemaCase } from './schema-cases.js';

const object = (properties: Record<string, unknown>, required = Object.keys(properties)) => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});
const fromZod = (schema: z.ZodType) => z.toJSONSchema(schema) as JsonSchema;

/**
 * A held-out set of schemas with the keywords added for issue 14 (numeric bounds, pattern, format,
 * minProperties/maxProperties, uniqueItems, multipleOf), none of them in schema-cases.ts.
 */
export const keywordCases: SchemaCase[] = [
  {
    name: 'read_document tool input (zod int min 0)',
    schema: fromZod(
      z.object({
        documentId: z.string().max(40),
        offset: z.int().min(0).optional(),
        limit: z.int().min(1).max(50),
      }),
    ),
    prompt: 'Read the first 10 chunks of document doc-42.',
  },
  {
    name: 'integer percent',
    schema: object({ percent: { type: 'integer', minimum: 0, maximum: 100 } }),
    prompt: 'How full is the glass?',
  },
  {
    name: 'negative integer range',
    schema: object({ celsius: { type: 'integer', minimum: -90, maximum: -1 } }),
    prompt: 'A cold winter night in Siberia.',
  },
  {
    name: 'exclusive integer bounds',
    schema: object({ rating: { type: 'integer', exclusiveMinimum: 0, exclusiveMaximum: 6 } }),
    prompt: 'Rate a good movie.',
  },
  {
    name: 'year range',
    schema: object({ year: { type: 'integer', minimum: 1900, maximum: 2030 } }),
    prompt: 'When did humans land on the moon?',
  },
  {
    name: 'probability number',
    schema: object({ probability: { type: 'number', minimum: 0, maximum: 1 } }),
    prompt: 'Chance of rain tomorrow.',
  },
  {
    name: 'positive price (zod positive)',
    schema: fromZod(z.object({ price: z.number().positive().max(10000) })),
    prompt: 'Price of a sandwich in dollars.',
  },
  {
    name: 'fractional bound',
    schema: object({ gpa: { type: 'number', minimum: 0, maximum: 4.5 } }),
    prompt: 'A good student grade point average.',
  },
  {
    name: 'exclusive number upper',
    schema: object({ ratio: { type: 'number', minimum: -1, exclusiveMaximum: 1 } }),
    prompt: 'A correlation.',
  },
  {
    name: 'integer multipleOf',
    schema: object({ minutes: { type: 'integer', minimum: 0, maximum: 120, multipleOf: 5 } }),
    prompt: 'How long does a cake bake?',
  },
  {
    name: 'array of bounded integers',
    schema: { type: 'array', items: { type: 'integer', minimum: 1, maximum: 6 }, minItems: 3, maxItems: 3 },
    prompt: 'Roll three dice.',
  },
  {
    name: 'unique strings',
    schema: {
      type: 'array',
      items: { type: 'string', maxLength: 10 },
      minItems: 2,
      maxItems: 3,
      uniqueItems: true,
    },
    prompt: 'Name some colours.',
  },
  {
    name: 'unique enum items',
    schema: object({
      days: {
        type: 'array',
        items: { enum: ['mon', 'tue', 'wed', 'thu', 'fri'] },
        minItems: 2,
        maxItems: 2,
        uniqueItems: true,
      },
    }),
    prompt: 'Two weekdays for a meeting.',
  },
  {
    name: 'pattern product code',
    schema: object({ sku: { type: 'string', pattern: '^[A-Z]{3}-\\d{4}$' } }),
    prompt: 'A product code for a blue shirt.',
  },
  {
    name: 'pattern hex colour',
    schema: object({ colour: { type: 'string', pattern: '^#[0-9a-f]{6}$' } }),
    prompt: 'The colour of the sky as hex.',
  },
  {
    name: 'pattern alternation',
    schema: object({ size: { type: 'string', pattern: '^(small|medium|large)$' } }),
    prompt: 'What size is an elephant?',
  },
  {
    name: 'unanchored pattern',
    schema: object({ sentence: { type: 'string', pattern: 'cat', maxLength: 40 } }),
    prompt: 'A sentence about a cat.',
  },
  {
    name: 'pattern with optional group',
    schema: object({ version: { type: 'string', pattern: '^v\\d{1,2}\\.\\d{1,2}(\\.\\d{1,2})?$' } }),
    prompt: 'A software version.',
  },
  {
    name: 'zod regex',
    schema: fromZod(z.object({ ticket: z.string().regex(/^[A-Z]{2,4}-[1-9]\d{0,3}$/) })),
    prompt: 'A Jira ticket id.',
  },
  {
    name: 'format date',
    schema: object({ birthday: { type: 'string', format: 'date' } }),
    prompt: 'When was Ada Lovelace born?',
  },
  {
    name: 'format date-time',
    schema: object({ meeting: { type: 'string', format: 'date-time' } }),
    prompt: 'Schedule a meeting next Monday at 10am UTC.',
  },
  {
    name: 'format time',
    schema: object({ alarm: { type: 'string', format: 'time' } }),
    prompt: 'When should the alarm ring?',
  },
  {
    name: 'format email',
    schema: object({ email: { type: 'string', format: 'email' } }),
    prompt: 'The support email of example.com.',
  },
  {
    name: 'format uuid',
    schema: object({ id: { type: 'string', format: 'uuid' } }),
    prompt: 'A new order id.',
  },
  {
    name: 'format uri',
    schema: object({ homepage: { type: 'string', format: 'uri' } }),
    prompt: 'The homepage of Wikipedia.',
  },
  {
    name: 'format ipv4 and hostname',
    schema: object({ host: { type: 'string', format: 'hostname' }, ip: { type: 'string', format: 'ipv4' } }),
    prompt: 'A local server.',
  },
  {
    name: 'zod email, uuid, datetime',
    schema: fromZod(z.object({ email: z.email(), id: z.uuid(), at: z.iso.datetime() })),
    prompt: 'A user sign-up event.',
  },
  {
    name: 'zod date and time',
    schema: fromZod(z.object({ day: z.iso.date(), start: z.iso.time() })),
    prompt: 'When does the concert start?',
  },
  {
    name: 'minProperties over optionals',
    schema: {
      type: 'object',
      properties: {
        phone: { type: 'string', maxLength: 15 },
        email: { type: 'string', format: 'email' },
        fax: { type: 'string', maxLength: 15 },
      },
      minProperties: 1,
      additionalProperties: false,
    },
    prompt: 'How can I contact you?',
  },
  {
    name: 'maxProperties over optionals',
    schema: {
      type: 'object',
      properties: { a: { type: 'boolean' }, b: { type: 'boolean' }, c: { type: 'boolean' } },
      required: ['a'],
      maxProperties: 2,
    },
    prompt: 'Some flags.',
  },
  {
    name: 'map with size bounds',
    schema: {
      type: 'object',
      additionalProperties: { type: 'integer', minimum: 0, maximum: 10 },
      minProperties: 2,
      maxProperties: 3,
    },
    prompt: 'Scores of three players.',
  },
  {
    name: 'nested event with everything',
    schema: object({
      title: { type: 'string', minLength: 1, maxLength: 30 },
      date: { type: 'string', format: 'date' },
      attendees: { type: 'integer', minimum: 1, maximum: 500 },
      room: { type: 'string', pattern: '^[A-D][1-4]$' },
      tags: { type: 'array', items: { enum: ['work', 'fun', 'remote'] }, maxItems: 3, uniqueItems: true },
    }),
    prompt: 'Plan a team party.',
  },
  {
    name: 'anyOf of bounded numbers and formats',
    schema: object({
      when: {
        anyOf: [
          { type: 'string', format: 'date' },
          { type: 'integer', minimum: 0, maximum: 24 },
        ],
      },
    }),
    prompt: 'When is the delivery?',
  },
  {
    name: 'zod agent step',
    schema: fromZod(
      z.object({
        tool: z.enum(['search', 'read_document', 'calculator']),
        topK: z.int().min(1).max(10),
        temperature: z.number().min(0).max(2),
        url: z.url().optional(),
      }),
    ),
    prompt: 'Search for documents about llamas.',
  },
];
