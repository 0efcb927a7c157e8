import { describe, expect, test } from 'vitest';
import type { SourceDocument } from '../spec/source-store.js';
import { planSync } from './plan.js';

const doc = (id: string, path: string, contentHash: string): SourceDocument => ({
  id,
  path,
  contentHash,
  status: 'indexed',
});

describe('planSync', () => {
  test('sorts files into added, changed, unchanged, renamed and deleted', () => {
    const plan = planSync(
      [
        { path: 'same.md', contentHash: 'h1' },
        { path: 'edited.md', contentHash: 'h2-new' },
        { path: 'moved/to.md', contentHash: 'h3' },
        { path: 'new.md', contentHash: 'h9' },
      ],
      [
        doc('a', 'same.md', 'h1'),
        doc('b', 'edited.md', 'h2'),
        doc('c', 'from.md', 'h3'),
        doc('d', 'gone.md', 'h4'),
      ],
    );
    expect(plan).toEqual({
      added: ['new.md'],
      changed: ['edited.md'],
      renamed: [{ documentId: 'c', contentHash: 'h3', from: 'from.md', to: 'moved/to.md' }],
      deleted: [doc('d', 'gone.md', 'h4')],
      unchanged: ['same.md'],
    });
  });

  test('a copy of a file that is still there is a new document, not a rename', () => {
    const plan = planSync(
      [
        { path: 'a.md', contentHash: 'h' },
        { path: 'copy.md', contentHash: 'h' },
      ],
      [doc('a', 'a.md', 'h')],
    );
    expect(plan.added).toEqual(['copy.md']);
    expect(plan.renamed).toEqual([]);
  });

  test('two identical files moved: each document is renamed once, a third copy is added', () => {
    const plan = planSync(
      [
        { path: 'x/1.md', contentHash: 'h' },
        { path: 'x/2.md', contentHash: 'h' },
        { path: 'x/3.md', contentHash: 'h' },
      ],
      [doc('a', '1.md', 'h'), doc('b', '2.md', 'h')],
    );
    expect(plan.renamed.map((rename) => [rename.documentId, rename.to])).toEqual([
      ['a', 'x/1.md'],
      ['b', 'x/2.md'],
    ]);
    expect(plan.added).toEqual(['x/3.md']);
    expect(plan.deleted).toEqual([]);
  });

  test('an empty folder deletes every document; a moved and edited file is a delete and an add', () => {
    expect(planSync([], [doc('a', 'a.md', 'h')]).deleted.map((document) => document.id)).toEqual(['a']);
    const plan = planSync([{ path: 'b.md', contentHash: 'h2' }], [doc('a', 'a.md', 'h')]);
    expect(plan).toMatchObject({ added: ['b.md'], renamed: [], deleted: [doc('a', 'a.md', 'h')] });
  });
});
