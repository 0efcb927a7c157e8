import { LoreError } from '@lore/core/errors';
import type { GenerateResult, StreamPart } from '@lore/core/spec';

/** Drains a generation stream into one result, for providers whose `generate` is their `stream` collected. */
export async function collectStream(parts: AsyncIterable<StreamPart>): Promise<GenerateResult> {
  let text = '';
  for await (const part of parts) {
    if (part.type === 'text-delta') text += part.text;
    else return { text, finishReason: part.finishReason, usage: part.usage };
  }
  throw new LoreError('INTERNAL', 'The generation stream ended without a finish part.');
}
