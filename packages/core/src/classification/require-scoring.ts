import { LoreError } from '../errors.js';
import type { LanguageModel } from '../spec/language-model.js';

/** A LanguageModel that has the optional `scoreContinuations` capability. */
export type ScoringLanguageModel = LanguageModel & Required<Pick<LanguageModel, 'scoreContinuations'>>;

/**
 * Returns `model` when it can score token probabilities; otherwise throws BAD_REQUEST naming the model and
 * the `feature` (e.g. "classification") that needs it.
 */
export function requireScoring(model: LanguageModel, feature: string): ScoringLanguageModel {
  if (model.scoreContinuations) return model as ScoringLanguageModel;
  throw new LoreError(
    'BAD_REQUEST',
    `The ${model.provider} model "${model.modelId}" cannot score token probabilities, which ${feature} needs. Use a local model (llama.cpp or transformers.js).`,
  );
}
