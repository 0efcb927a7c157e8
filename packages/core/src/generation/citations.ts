import { termRecall } from './text-overlap.js';

/** A source given to the model, numbered from 1 in the prompt. */
export interface NumberedSource {
  marker: number;
  text: string;
}

/** One citation found in (or attributed to) an answer sentence. */
export interface CitationCheck {
  marker: number;
  /** The answer sentence carrying the citation, without markers. */
  sentence: string;
  /** 0..1: share of the sentence's content terms found in the cited source. */
  support: number;
  supported: boolean;
  /** The model did not write this marker; Lore attributed the sentence to the source. */
  inferred: boolean;
}

// Not a footnote link copied from a source (Markdown `[[2]](#_ftn2)`), which names no source of the prompt.
const markerPattern = /(?<!\[)\[(\d{1,3})\](?![\](])/g;
const sentenceSegmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });

/** Splits an answer into sentences with the markers each one carries. */
export function sentencesWithMarkers(answer: string): { sentence: string; markers: number[] }[] {
  const result: { sentence: string; markers: number[] }[] = [];
  for (const { segment } of sentenceSegmenter.segment(answer)) {
    const markers = [...segment.matchAll(markerPattern)].map((match) => Number(match[1]));
    const sentence = segment.replace(/\s*\[\d{1,3}\]/g, '').trim();
    if (sentence.length > 0) result.push({ sentence, markers });
    else if (markers.length > 0 && result.length > 0) result.at(-1)?.markers.push(...markers);
  }
  return result;
}

/**
 * Checks every citation of an answer against the source it names: markers that name no source are
 * dropped, and a cited sentence counts as supported when enough of its content terms occur in the
 * source. Sentences without markers are attributed to the source that supports them best, if any does.
 */
export function checkCitations(
  answer: string,
  sources: NumberedSource[],
  options: { minSupport?: number } = {},
): CitationCheck[] {
  const minSupport = options.minSupport ?? 0.5;
  const byMarker = new Map(sources.map((source) => [source.marker, source]));
  const checks: CitationCheck[] = [];
  for (const { sentence, markers } of sentencesWithMarkers(answer)) {
    const valid = [...new Set(markers)].filter((marker) => byMarker.has(marker));
    for (const marker of valid) {
      const support = termRecall(sentence, byMarker.get(marker)?.text ?? '');
      checks.push({ marker, sentence, support, supported: support >= minSupport, inferred: false });
    }
    if (valid.length === 0) {
      let best: { marker: number; support: number } | null = null;
      for (const source of sources) {
        const support = termRecall(sentence, source.text);
        if (!best || support > best.support) best = { marker: source.marker, support };
      }
      if (best && best.support >= Math.max(minSupport, 0.6)) {
        checks.push({
          marker: best.marker,
          sentence,
          support: best.support,
          supported: true,
          inferred: true,
        });
      }
    }
  }
  return checks;
}

/**
 * The answer's citations (see `checkCitations`); an answer drawn from the sources always cites one: when the
 * model wrote no usable marker and no sentence is attributed, the source sharing the most of the answer's
 * terms is cited (flagged `inferred`), if it holds at least `minShare` of them (default a quarter).
 */
export function attributeCitations(
  answer: string,
  sources: NumberedSource[],
  options: { minSupport?: number; minShare?: number } = {},
): CitationCheck[] {
  const checks = checkCitations(answer, sources, options);
  if (checks.length > 0) return checks;
  let best: { marker: number; support: number } | undefined;
  for (const source of sources) {
    const support = termRecall(answer, source.text);
    if (!best || support > best.support) best = { marker: source.marker, support };
  }
  if (!best || best.support < (options.minShare ?? 0.25)) return checks;
  const sentence = answer.replace(/\s*\[\d{1,3}\]/g, '').trim();
  const supported = best.support >= (options.minSupport ?? 0.5);
  return [{ marker: best.marker, sentence, support: best.support, supported, inferred: true }];
}
