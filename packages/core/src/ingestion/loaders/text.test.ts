import { describe, expect, it } from 'vitest';
import { utf8 } from './fixtures/build.js';
import { loadDocument } from './load-document.js';

describe('loadDocument for a .txt file written in markdown', () => {
  it('keeps its headings as sections at their offsets, and its file name as the title', async () => {
    const text = '# 一、理解大型语言模型\n\n引言。\n\n## 1.1 什么是 LLM？\n\nLLM 是一种神经网络。\n';
    const document = await loadDocument({ bytes: utf8(text), fileName: 'chapter.txt' });
    expect(document).toMatchObject({ text, mimeType: 'text/plain' });
    expect(document.title).toBeUndefined();
    expect(document.sections).toEqual([
      { start: 0, level: 1, title: '一、理解大型语言模型' },
      { start: text.indexOf('## 1.1'), level: 2, title: '1.1 什么是 LLM？' },
    ]);
  });

  it('reads a single "#" line as text, not as a heading', async () => {
    const text = '# a shell comment\necho hello\n';
    expect(await loadDocument({ bytes: utf8(text), fileName: 'notes.txt' })).toEqual({
      text,
      mimeType: 'text/plain',
    });
  });
});
