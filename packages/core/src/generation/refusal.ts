import type { FinishReason, GenerateOptions, LanguageModel, Usage } from '../spec/language-model.js';
import { boundToQuestion, inventedNames, unboundNumbers } from './answer-binding.js';
import { answersTheKind, countsWhatWasAsked, tellsTheTime, unsupportedCurrencies } from './asked-quantity.js';
import { NOT_FOUND_ANSWER } from './prompt.js';
import { supportShare, unsupportedEchoes, unsupportedNumbers } from './sentences.js';

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
  const { rest } = afterHeaders(start, titles);
  return (
    [refusalText, ...titles].some((phrase) => phrase.startsWith(rest)) ||
    refusalText.startsWith(start) ||
    start.startsWith(refusalText)
  );
}

/** The text after the source titles it starts with (small models list "[1] Title [2] Title …"). */
function afterHeaders(text: string, titles: string[]): { rest: string; headers: number } {
  let rest = text;
  let headers = 0;
  for (;;) {
    const title = titles.find((candidate) => candidate && rest.startsWith(candidate));
    if (!title) return { rest, headers };
    rest = rest.slice(title.length).trim();
    headers++;
  }
}

/** The text says nothing: empty, or only markers and sources' titles. */
function isEmptyAnswer(text: string, titles: string[]): boolean {
  return afterHeaders(withoutMarkers(text), titles).rest.replace(/[:：.。]$/u, '') === '';
}

/** Added to the request when the first attempt only listed source headers. */
export const HEADER_RETRY = 'Do not list the sources: answer the question in a sentence.';

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

/** What an answer must be checked against: the texts the model read and the titles it may echo. */
export interface AnswerEvidence {
  sources: string[];
  titles: string[];
  /** Share of the answer's terms the sources must hold for it to stand (default 0.5). */
  minSupport?: number;
  /** The question answered: an answer repeating its words that the sources lack falls (see `unsupportedEchoes`). */
  question?: string;
}

/**
 * Streams an answer and then decides from the evidence whether it stands, instead of trusting one sampled
 * phrase: a small model told it may refuse refuses even when the sources state the answer, so the prompt
 * asks plainly for the answer, and the answer stands only if it is not a refusal or a bare echo of a source
 * header, the sources hold most of its terms, every word it repeats from the question, every number and
 * currency, and, for a "how many X" question, a number it gives counts X in a source (`countsWhatWasAsked`);
 * for a "what time" question, it says a time (`tellsTheTime`); and its numbers come from sources that name
 * what the question names (`unboundNumbers`). An answer that falls is replaced by the
 * refusal in the final event. Text that may be the refusal or an echo is held back until it cannot be; an
 * answer that only lists source headers is asked for once more.
 */
export async function* streamAnswer(
  model: LanguageModel,
  request: GenerateOptions,
  evidence: AnswerEvidence,
): AsyncGenerator<{ type: 'text-delta'; text: string }, Attempt> {
  const titles = evidence.titles.map(withoutMarkers);
  let result = yield* attempt(model, request, titles, false);
  if (result.refused && !result.shown && result.finishReason !== 'abort' && !isRefusal(result.text)) {
    // Only headers came (nothing was shown): ask once more; the cached prompt makes this cheap.
    const retry = yield* attempt(model, withRetryNote(request), titles, false);
    retry.usage = {
      promptTokens: result.usage.promptTokens + retry.usage.promptTokens,
      completionTokens: result.usage.completionTokens + retry.usage.completionTokens,
    };
    retry.firstTokenSeconds = result.firstTokenSeconds ?? retry.firstTokenSeconds;
    result = retry;
  }
  if (result.refused || result.finishReason === 'abort') return result;
  const answer = withoutMarkers(result.text);
  const sources = evidence.sources.join('\n');
  const support = supportShare(answer, sources);
  const echoes = evidence.question ? unsupportedEchoes(answer, evidence.question, sources) : [];
  // The headers the model read (titles with digits) count as stated.
  const invented = unsupportedNumbers(answer, `${sources}\n${evidence.titles.join('\n')}`);
  const question = evidence.question;
  const titled = evidence.sources.map((text, index) => ({ text, title: evidence.titles[index] ?? '' }));
  const miscounted = question
    ? !countsWhatWasAsked(answer, question, evidence.sources) ||
      !tellsTheTime(answer, question) ||
      !answersTheKind(answer, question) ||
      unboundNumbers(answer, question, titled).length > 0 ||
      !boundToQuestion(answer, question, titled) ||
      inventedNames(result.text, question, titled).length > 0
    : false;
  return {
    ...result,
    refused:
      support < (evidence.minSupport ?? 0.5) ||
      echoes.length > 0 ||
      invented.length > 0 ||
      unsupportedCurrencies(answer, sources).length > 0 ||
      miscounted,
  };
}

function withRetryNote(request: GenerateOptions): GenerateOptions {
  const messages = [...request.messages];
  const last = messages.at(-1);
  if (last?.role === 'user')
    messages[messages.length - 1] = { ...last, content: `${last.content} ${HEADER_RETRY}` };
  return { ...request, messages };
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
      // A list of headers only: nothing will come that the check would let stand.
      if (
        held &&
        afterHeaders(withoutMarkers(result.text), titles).headers >= 2 &&
        isEmptyAnswer(result.text, titles)
      ) {
        result.finishReason = 'stop';
        break;
      }
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
