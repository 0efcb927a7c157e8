import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoTokenizer, type PreTrainedTokenizer } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { createCachedTokenCount, createWordCache } from './word-cache.js';

const modelsDir = process.env.LORE_TEST_MODELS_DIR as string;

const texts = [
  'The cat sat on the mat. The cat sat on the mat again, and the cat sat still.',
  'Alterations of the architecture of cerebral white matter in the developing human brain can affect cortical development.',
  'Ünïcödé  spaces\u00a0and\ttabs\nnew lines; ﬁ ligatures (NFKC) and numbers 3.14159, 2,718.',
  '中文分词测试 mixed with English words 和 more 中文', // unknown-script runs fuse into <unk>
  'unaffable unaffable playing played players',
  '  leading and trailing spaces   between words  ',
  '',
];

type Encoder = { encode(words: string[]): string[] };

/** Wraps the tokenizer model's encoder to count the words it encodes, to see the cache at work. */
function countModelWords(tokenizer: PreTrainedTokenizer): { words(): number; encoder: Encoder['encode'] } {
  const model = (tokenizer as unknown as { _tokenizer: { model: Encoder } })._tokenizer.model;
  const encode = model.encode.bind(model);
  let words = 0;
  model.encode = (input) => {
    words += input.length;
    return encode(input);
  };
  return { words: () => words, encoder: model.encode };
}

async function expectSameCounts(folder: string): Promise<void> {
  const reference = await AutoTokenizer.from_pretrained(folder, { local_files_only: true });
  const tokenizer = await AutoTokenizer.from_pretrained(folder, { local_files_only: true });
  const spy = countModelWords(tokenizer);
  const count = createCachedTokenCount(tokenizer);
  for (let round = 0; round < 2; round++) {
    for (const text of texts) {
      expect(count(text)).toBe(reference.encode(text, { add_special_tokens: false }).length);
    }
  }
  // Second and later sightings of a word never reach the model...
  const words = spy.words();
  expect(words).toBeGreaterThan(0);
  for (const text of texts) count(text);
  expect(spy.words()).toBe(words);
  // ...and the tokenizer itself is left plain for everyone else.
  const model = (tokenizer as unknown as { _tokenizer: { model: Encoder } })._tokenizer.model;
  expect(model.encode).toBe(spy.encoder);
  expect(tokenizer.encode(texts[0] as string)).toEqual(reference.encode(texts[0] as string));
}

describe('createWordCache', () => {
  it('gives a padded batch the plain tokenizer ids and mask, and leaves the tokenizer plain after', async () => {
    const folder = join(modelsDir, 'use-lite-en');
    const reference = await AutoTokenizer.from_pretrained(folder, { local_files_only: true });
    const tokenizer = await AutoTokenizer.from_pretrained(folder, { local_files_only: true });
    const withCache = createWordCache(tokenizer);
    const batch = texts.filter(Boolean);
    const options = { padding: true, truncation: true, max_length: 24 } as const;
    const expected = reference(batch, options);
    for (let round = 0; round < 2; round++) {
      const actual = withCache(() => tokenizer(batch, options));
      expect(actual.input_ids.tolist()).toEqual(expected.input_ids.tolist());
      expect(actual.attention_mask.tolist()).toEqual(expected.attention_mask.tolist());
    }
    expect(tokenizer.encode(batch[1] as string)).toEqual(reference.encode(batch[1] as string));
  });
});

describe('createCachedTokenCount', () => {
  it('counts like the plain Unigram tokenizer of use-lite-en, unknown runs included', async () => {
    await expectSameCounts(join(modelsDir, 'use-lite-en'));
  });

  it('counts like a plain WordPiece tokenizer', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'lore-wordpiece-'));
    const vocab = [
      '[PAD]',
      '[UNK]',
      '[CLS]',
      '[SEP]',
      'the',
      'cat',
      'sat',
      'on',
      'mat',
      '.',
      ',',
      'un',
      '##aff',
      '##able',
    ];
    const tokenizerJson = {
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: vocab.slice(0, 4).map((content, id) => ({
        id,
        content,
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: false,
        special: true,
      })),
      normalizer: {
        type: 'BertNormalizer',
        clean_text: true,
        handle_chinese_chars: true,
        strip_accents: null,
        lowercase: true,
      },
      pre_tokenizer: { type: 'BertPreTokenizer' },
      post_processor: {
        type: 'TemplateProcessing',
        single: [
          { SpecialToken: { id: '[CLS]', type_id: 0 } },
          { Sequence: { id: 'A', type_id: 0 } },
          { SpecialToken: { id: '[SEP]', type_id: 0 } },
        ],
        pair: [{ Sequence: { id: 'A', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }],
        special_tokens: {
          '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] },
          '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] },
        },
      },
      decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
      model: {
        type: 'WordPiece',
        unk_token: '[UNK]',
        continuing_subword_prefix: '##',
        max_input_chars_per_word: 100,
        vocab: Object.fromEntries(vocab.map((token, id) => [token, id])),
      },
    };
    writeFileSync(join(folder, 'tokenizer.json'), JSON.stringify(tokenizerJson));
    writeFileSync(
      join(folder, 'tokenizer_config.json'),
      JSON.stringify({
        tokenizer_class: 'BertTokenizer',
        model_max_length: 16,
        unk_token: '[UNK]',
        pad_token: '[PAD]',
      }),
    );
    await expectSameCounts(folder);
  });
});
