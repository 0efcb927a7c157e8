import { describe, expect, test } from 'vitest';
import { attributeCitations, checkCitations, sentencesWithMarkers } from './citations.js';

const sources = [
  { marker: 1, text: 'The domestic cat sleeps for about fifteen hours a day and hunts mice at night.' },
  { marker: 2, text: 'A rocket engine burns liquid hydrogen with liquid oxygen.' },
];

describe('citations', () => {
  test('markers are read per sentence, including a marker after the full stop', () => {
    expect(sentencesWithMarkers('Cats sleep a lot [1]. Rockets burn hydrogen. [2]')).toEqual([
      { sentence: 'Cats sleep a lot.', markers: [1] },
      { sentence: 'Rockets burn hydrogen.', markers: [2] },
    ]);
  });

  test('a Markdown footnote link copied from a source is no marker: the sentence goes to the source it is from', () => {
    const answer = 'A rocket engine burns liquid hydrogen with liquid oxygen[[1]](#_ftn1).';
    expect(sentencesWithMarkers(answer)[0]?.markers).toEqual([]);
    expect(attributeCitations(answer, sources).map((check) => [check.marker, check.inferred])).toEqual([
      [2, true],
    ]);
  });

  test('a citation whose source supports the sentence is kept as supported', () => {
    const [check] = checkCitations('Cats sleep about fifteen hours a day [1].', sources);
    expect(check).toMatchObject({ marker: 1, supported: true, inferred: false });
  });

  test('a citation pointing at the wrong source is flagged unsupported', () => {
    const [check] = checkCitations('Cats sleep about fifteen hours a day [2].', sources);
    expect(check).toMatchObject({ marker: 2, supported: false });
    expect(check?.support).toBeLessThan(0.5);
  });

  test('markers that name no source are dropped', () => {
    expect(checkCitations('Cats sleep about fifteen hours a day [7].', sources).map((c) => c.marker)).toEqual(
      [1],
    );
  });

  test('an uncited sentence is attributed to the source that supports it, marked inferred', () => {
    const [check] = checkCitations('A rocket engine burns liquid hydrogen.', sources);
    expect(check).toMatchObject({ marker: 2, supported: true, inferred: true });
  });

  test('an uncited sentence no source supports gets no citation', () => {
    expect(checkCitations('Paris is the capital of France.', sources)).toEqual([]);
  });

  test('an answer without markers that draws on a source still cites it, flagged as inferred', () => {
    const answer = 'A cat naps roughly fifteen hours each day.';
    expect(checkCitations(answer, sources)).toEqual([]);
    expect(attributeCitations(answer, sources)).toEqual([
      expect.objectContaining({ marker: 1, inferred: true, supported: true }),
    ]);
  });

  test('an answer sharing nothing with the sources gets no citation', () => {
    expect(attributeCitations('Paris is the capital of France.', sources)).toEqual([]);
  });
});
