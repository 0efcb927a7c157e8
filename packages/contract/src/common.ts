import { defaultUploadLimits, valueDepth } from '@lore/core/defaults';
import { z } from './zod.js';

/** The body of every error answer, and the data of a stream's `error` event. */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      settings: z.array(z.string()).optional().openapi({
        description:
          'The settings the message tells you to change, as this server takes them (environment variables, e.g. `LORE_MAX_FILE_MB`); present only when it names some',
      }),
    }),
  })
  .openapi('Error');

/** The `{name}` path parameter of collection routes. */
export const NameParam = z.object({ name: z.string().openapi({ param: { name: 'name', in: 'path' } }) });

/** The `{id}` path parameter of routes about one record. */
export const IdParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) });

/** Deepest nesting accepted in request JSON (metadata, JSON schemas); deeper values would overflow the stack. */
export const maxJsonDepth = defaultUploadLimits.maxNestingDepth;

/** A JSON object nested at most `maxJsonDepth` levels (refused with 400 before any recursive code sees it). */
export const JsonObjectSchema = z.record(z.string(), z.unknown()).superRefine((value, context) => {
  const depth = valueDepth(value);
  if (depth > maxJsonDepth)
    context.addIssue({
      code: 'custom',
      message: `The object nests ${depth} levels deep, more than the ${maxJsonDepth} Lore accepts; flatten it.`,
    });
});

/** `GET /health`. */
export const HealthSchema = z.object({ status: z.literal('ok') });

/** Token counts of a generation. */
export const UsageSchema = z.object({ promptTokens: z.number().int(), completionTokens: z.number().int() });

export type ErrorBody = z.infer<typeof ErrorSchema>;
