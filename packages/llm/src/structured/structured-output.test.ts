import type { StreamPart } from '@lore/core/spec';
import { describe, expect, it } from 'vitest';
import { checkStructuredStream, compileResponseFormat, structuredAttempts } from './structured-output.js';

const output = compileResponseFormat({
  type: 'json_schema',
  schema: { type: 'array', items: { type: 'integer' }, uniqueItems: true },
});

/** A generation that writes `text` in two pieces, the way a provider streams. */
async function* generation(text: string): AsyncGenerator<StreamPart> {
  yield { type: 'text-delta', text: text.slice(0, 2) };
  yield { type: 'text-delta', text: text.slice(2) };
  yield { type: 'finish', finishReason: 'stop', usage: { promptTokens: 10, completionTokens: 5 } };
}

async function collect(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const list: StreamPart[] = [];
  for await (const part of parts) list.push(part);
  return list;
}

describe('validate and retry for keywords the grammar leaves unchecked', () => {
  it('holds the text back, retries until it validates, and counts every attempt in usage', async () => {
    if (!output) throw new Error('no output');
    const texts = ['[1,1]', '[2,2]', '[1,2]'];
    const started: number[] = [];
    const parts = await collect(
      checkStructuredStream(
        (attempt) => {
          started.push(attempt);
          return generation(texts[attempt] as string);
        },
        output,
        50,
      ),
    );
    expect(started).toEqual([0, 1, 2]);
    expect(parts).toEqual([
      { type: 'text-delta', text: '[1,2]' },
      { type: 'finish', finishReason: 'stop', usage: { promptTokens: 30, completionTokens: 15 } },
    ]);
  });

  it('fails with UNPROCESSABLE naming the keyword after the last attempt', async () => {
    if (!output) throw new Error('no output');
    const run = collect(checkStructuredStream(() => generation('[3,3]'), output, 50));
    await expect(run).rejects.toMatchObject({
      code: 'UNPROCESSABLE',
      message: expect.stringContaining('#/uniqueItems'),
    });
    await expect(run).rejects.toThrow(`${structuredAttempts} generations`);
  });
});
