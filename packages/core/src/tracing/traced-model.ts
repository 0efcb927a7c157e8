import type { Attributes, Span } from '@opentelemetry/api';
import type { GenerateOptions, LanguageModel, Usage } from '../spec/language-model.js';
import { endPendingStep } from './steps.js';
import { withSpan, withStreamSpan } from './with-span.js';

function requestAttributes(model: LanguageModel, options: GenerateOptions): Attributes {
  return {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': model.provider,
    'gen_ai.request.model': model.modelId,
    ...(options.maxTokens !== undefined ? { 'gen_ai.request.max_tokens': options.maxTokens } : {}),
    ...(options.temperature !== undefined ? { 'gen_ai.request.temperature': options.temperature } : {}),
    ...(options.seed !== undefined ? { 'gen_ai.request.seed': options.seed } : {}),
    'gen_ai.output.type':
      options.responseFormat?.type === 'text' || !options.responseFormat ? 'text' : 'json',
    'lore.prompt.messages': options.messages.length,
  };
}

function setUsage(span: Span, usage: Usage, finishReason: string): void {
  span.setAttributes({
    'gen_ai.usage.input_tokens': usage.promptTokens,
    'gen_ai.usage.output_tokens': usage.completionTokens,
    'gen_ai.response.finish_reasons': [finishReason],
  });
}

/**
 * The model with a `lore.generate` span (gen_ai.* attributes, token counts, and for streams the time to the
 * first token) around each generation and a `lore.score` span around each scoring; each call first ends
 * the answer's open step. Every member is listed, so the compiler names one added to LanguageModel.
 */
export function traceLanguageModel(model: LanguageModel): LanguageModel {
  const score = model.scoreContinuations?.bind(model);
  const traced = {
    provider: model.provider,
    modelId: model.modelId,
    contextSize: () => model.contextSize(),
    countTokens: (text) => model.countTokens(text),
    generate(options) {
      endPendingStep();
      return withSpan('lore.generate', requestAttributes(model, options), async (span) => {
        const result = await model.generate(options);
        setUsage(span, result.usage, result.finishReason);
        return result;
      });
    },
    stream(options) {
      endPendingStep();
      const started = performance.now();
      let first = true;
      return withStreamSpan(
        'lore.generate',
        { ...requestAttributes(model, options), 'lore.stream': true },
        () => model.stream(options),
        (span, part) => {
          if (part.type === 'text-delta' && first) {
            first = false;
            span.setAttribute('lore.time_to_first_token_ms', performance.now() - started);
          } else if (part.type === 'finish') setUsage(span, part.usage, part.finishReason);
        },
      );
    },
    scoreContinuations: score
      ? (options) => {
          endPendingStep();
          return withSpan(
            'lore.score',
            {
              'gen_ai.provider.name': model.provider,
              'gen_ai.request.model': model.modelId,
              'lore.score.continuations': options.continuations.length,
            },
            () => score(options),
          );
        }
      : undefined,
    close: () => model.close(),
  } satisfies LanguageModel & Record<keyof LanguageModel, unknown>;
  return traced;
}
