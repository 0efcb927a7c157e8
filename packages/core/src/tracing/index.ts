export { endPendingStep, retrieveForAnswer, traceAsk, traceAskStream } from './steps.js';
export { traceLanguageModel } from './traced-model.js';
export { iterateIn, recordError, startSpan, withSpan, withStreamSpan } from './with-span.js';
