export {
  type CompiledSchema,
  compileJsonObject,
  compileJsonSchema,
  compileSchema,
} from './compile-schema.js';
export { toGbnf } from './gbnf.js';
export type { Grammar, GrammarElement, GrammarRule } from './grammar.js';
export { createRecognizer, type Recognizer, type RecognizerState } from './recognizer.js';
export {
  checkStructuredStream,
  compileResponseFormat,
  createStructuredOutputCache,
  retryRequest,
  type StructuredOutput,
  structuredAttempts,
} from './structured-output.js';
export {
  allowedTokens,
  createTokenConstraint,
  createTokenVocabulary,
  type TokenConstraint,
  type TokenVocabulary,
} from './token-constraint.js';
