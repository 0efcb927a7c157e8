import type { FinishReason, GenerateOptions, LanguageModel, Usage } from '../spec/language-model.js';
import { NOT_FOUND_ANSWER } from './prompt.js';
import { supportShare } from './sentences.js';

const refusalText = NOT_FOUND_ANSWER.toLowerCase();
const refusalPattern =
  /not in the (provided |given )?(documents|sources)|不在(所给|提供的|给定的)?(文档|资料|来源)|(文档|资料|来源)中(没有|未)/iu;

/** The answer says the documents do not hold it (in the words the prompt asks for, or close to them). */
export function isRefusal(answer: string): boolean {
  return refusalPattern.test(answer);
}

const withoutMarkers = (text: string) =>
  text
    .replace(/\[\d{1,3}\]|\[\d{0,3}$/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

/**
 * The text so far could still become the refusal sentence or a bare echo of a source's header (small models
 * start with "[1] Title"), so it is held back until it cannot.
 */
function mayBeNoAnswer(text: string, titles: string[]): boolean {
  const start = withoutMarkers(text);
  return [refusalText, ...titles].some((phrase) => phrase.startsWith(start)) || start.startsWith(refusalText);
}

/** The text says nothing: empty, or only markers and a source's title. */
function isEmptyAnswer(text: string, titles: string[]): boolean {
  const rest = withoutMarkers(text).replace(/[:：.。]$/u, '');
  return rest === '' || titles.includes(rest);
}

/** How one generation went. */
export interface Attempt {
  text: string;
  refused: boolean;
  usage: Usage;
  finishReason: FinishReason;
  /** Some of the text was yielded (a held-back refusal is not). */
  shown: boolean;
  /** Seconds from the request to the model's first token, if one came. */
  firstTokenSeconds?: number;
}

/** A second opinion after a refusal: a chat asking plainly for the answer, and the texts it must come from. */
export interface SecondOpinion {
  messages: GenerateOptions['messages'];
  sources: string[];
  /** The sources' titles, which a small model may echo instead of answering. */
  titles: string[];
  /** Share of the answer's terms the sources must hold for it to stand (default 0.6). */
  minSupport?: number;
}

/**
 * Streams an answer, holding back text while it may be the refusal sentence (or a header echo, which counts
 * as one). A small model refuses too
 * readily (and a sampled refusal is one draw), so a refusal is not final: the model is asked again,
 * greedily, to answer plainly from the same sources (the shared prompt's KV cache still warm), and that
 * answer stands if the sources hold most of its terms; otherwise Lore refuses. Yields the text to show.
 */
export async function* streamAnswer(
  model: LanguageModel,
  request: GenerateOptions,
  second: SecondOpinion,
): AsyncGenerator<{ type: 'text-delta'; text: string }, Attempt & { attempts: Attempt[] }> {
  const titles = second.titles.map(withoutMarkers);
  const first = yield* attempt(model, request, titles, false);
  if (!first.refused || first.shown || first.finishReason === 'abort') return { ...first, attempts: [first] };
  const plain = yield* attempt(
    model,
    { ...request, messages: second.messages, temperature: 0 },
    titles,
    true,
  );
  const claim = plain.text.replace(/\[\d{1,3}\]/g, ' ');
  const supported =
    !plain.refused && supportShare(claim, second.sources.join('\n')) >= (second.minSupport ?? 0.6);
  if (supported && plain.finishReason !== 'abort') {
    yield { type: 'text-delta', text: plain.text };
    return { ...plain, shown: true, attempts: [first, plain] };
  }
  return { ...plain, refused: true, shown: false, attempts: [first, plain] };
}

/** One generation; `holdAll` keeps all its text back for the caller to judge. */
async function* attempt(
  model: LanguageModel,
  request: GenerateOptions,
  titles: string[],
  holdAll: boolean,
): AsyncGenerator<{ type: 'text-delta'; text: string }, Attempt> {
  const started = performance.now();
  const result: Attempt = {
    text: '',
    refused: false,
    usage: { promptTokens: 0, completionTokens: 0 },
    finishReason: 'stop',
    shown: false,
  };
  let held = true;
  for await (const part of model.stream(request)) {
    if (part.type === 'text-delta') {
      result.firstTokenSeconds ??= (performance.now() - started) / 1000;
      result.text += part.text;
      if (holdAll) continue;
      if (!held) yield part;
      else if (!mayBeNoAnswer(result.text, titles)) {
        held = false;
        result.shown = true;
        yield { type: 'text-delta', text: result.text };
      }
    } else {
      result.finishReason = part.finishReason;
      result.usage = part.usage;
    }
  }
  result.refused = isRefusal(result.text) || isEmptyAnswer(result.text, titles);
  // Held text that is the refusal is left to the caller; held text that is not is shown now.
  if (held && !holdAll && !result.refused && result.text) {
    result.shown = true;
    yield { type: 'text-delta', text: result.text };
  }
  return result;
}
