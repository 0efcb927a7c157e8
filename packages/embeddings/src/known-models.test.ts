import { describe, expect, it } from 'vitest';
import { DEFAULT_EMBEDDING_MODEL, knownModels, presetFor } from './known-models.js';
import { resolveModelSource } from './model-source.js';

describe('presetFor', () => {
  it('gives the default model e5 prefixes and mean pooling', () => {
    expect(presetFor(DEFAULT_EMBEDDING_MODEL)).toMatchObject({
      pooling: 'mean',
      queryPrefix: 'query: ',
      documentPrefix: 'passage: ',
    });
  });

  it('finds a preset from a local folder path by its last segment', () => {
    expect(presetFor('/models/use-lite-en/')).toBe(knownModels['use-lite-en']);
    expect(presetFor('bge-small-en-v1.5')).toBe(knownModels['Xenova/bge-small-en-v1.5']);
  });

  it('falls back to the family for unknown names', () => {
    expect(presetFor('someone/e5-large-v2-onnx').queryPrefix).toBe('query: ');
    expect(presetFor('someone/bge-large-zh').pooling).toBe('cls');
    expect(presetFor('someone/other-model')).toMatchObject({ pooling: 'mean', queryPrefix: '' });
  });
});

describe('resolveModelSource', () => {
  it('uses the hub only when no models folder or path is given', () => {
    expect(resolveModelSource({ model: 'Xenova/x' })).toMatchObject({ local: false, location: 'Xenova/x' });
    expect(resolveModelSource({ model: 'Xenova/x', modelsDir: '/m' })).toMatchObject({
      local: true,
      location: '/m/Xenova/x',
      name: 'Xenova/x',
    });
    expect(resolveModelSource({ model: '/m/use-lite-en' })).toMatchObject({
      local: true,
      name: 'use-lite-en',
    });
  });
});
