import type { ChatMessage, FinishReason, SamplingOptions } from '@lore/core/spec';
import type {
  ChatHistoryItem,
  LLamaChatGenerateResponseOptions,
  LlamaChatResponse,
  Token,
} from 'node-llama-cpp';

/** Maps OpenAI-shaped messages to node-llama-cpp's chat history, ending with the model turn to complete. */
export function toChatHistory(messages: readonly ChatMessage[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = messages.map((message) => {
    switch (message.role) {
      case 'system':
        return { type: 'system', text: message.content };
      case 'assistant':
        return { type: 'model', response: [message.content] };
      case 'tool':
        return { type: 'user', text: `Tool result:\n${message.content}` };
      default:
        return { type: 'user', text: message.content };
    }
  });
  const last = history.at(-1);
  // A trailing assistant message is a prefix the model continues; otherwise open a new model turn.
  if (last?.type !== 'model') history.push({ type: 'model', response: [] });
  return history;
}

/** Maps Lore's sampling settings to node-llama-cpp's; an unset repetition penalty means none, as in OpenAI. */
export function toLlamaSampling(
  sampling: SamplingOptions,
): Pick<
  LLamaChatGenerateResponseOptions,
  'temperature' | 'topK' | 'topP' | 'minP' | 'seed' | 'repeatPenalty' | 'customStopTriggers'
> {
  return {
    ...(sampling.temperature !== undefined && { temperature: sampling.temperature }),
    ...(sampling.topK !== undefined && { topK: sampling.topK }),
    ...(sampling.topP !== undefined && { topP: sampling.topP }),
    ...(sampling.minP !== undefined && { minP: sampling.minP }),
    ...(sampling.seed !== undefined && { seed: sampling.seed }),
    repeatPenalty:
      sampling.repetitionPenalty === undefined || sampling.repetitionPenalty === 1
        ? false
        : { penalty: sampling.repetitionPenalty },
    ...(sampling.stop?.length && { customStopTriggers: sampling.stop.filter((stop) => stop.length > 0) }),
  };
}

/** Maps node-llama-cpp's stop reason to the contract's finish reason. */
export function toFinishReason(stopReason: LlamaChatResponse['metadata']['stopReason']): FinishReason {
  if (stopReason === 'maxTokens') return 'length';
  if (stopReason === 'abort') return 'abort';
  return 'stop';
}

/** Length of the common prefix of two token lists: how much of a cached sequence a prompt can reuse. */
export function commonPrefixLength(cached: readonly Token[], prompt: readonly Token[]): number {
  const limit = Math.min(cached.length, prompt.length);
  let index = 0;
  while (index < limit && cached[index] === prompt[index]) index++;
  return index;
}
