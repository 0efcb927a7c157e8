import { createLlamaCppModel } from '@lore/llm';
import { testLlmPath } from '../support/lore.js';

/** The CI LLM (Gemma 3 270M GGUF) with small settings, so that it loads fast. */
export function createTestLanguageModel() {
  return createLlamaCppModel({ model: testLlmPath(), contextSize: 2048, slots: 1, threads: 1, gpu: false });
}
