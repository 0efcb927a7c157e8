import { describe, expect, test } from 'vitest';
import { asksForWholeDocument, resolveScope } from './whole-document-scope.js';

describe('asksForWholeDocument', () => {
  test.each([
    'Summarise this document.',
    'Give me an overview of the ferry page.',
    'List all the dates mentioned in the text.',
    'What are the main points of the article?',
    '总结一下这篇文档。',
    '这本书主要讲了什么？',
    '列出所有提到的模型名称。',
  ])('routes %s to the whole document', (question) => {
    expect(asksForWholeDocument(question)).toBe(true);
  });

  test.each([
    'How many steps lead up to the lantern room?',
    'What does a summary statistic like perplexity measure?',
    'Is entry free for all children?',
    'LoRA 是什么？',
    '所有参数都需要微调吗？',
    '除这本书外，拉施卡还写了哪些畅销书？',
  ])('keeps the fact question %s on passages', (question) => {
    expect(asksForWholeDocument(question)).toBe(false);
  });
});

test('an explicit scope wins over the rule', () => {
  expect(resolveScope('chunks', 'Summarise this document.')).toBe('chunks');
  expect(resolveScope('document', 'How tall is the tower?')).toBe('document');
  expect(resolveScope(undefined, 'Summarise this document.')).toBe('document');
  expect(resolveScope('auto', 'How tall is the tower?')).toBe('chunks');
});
