import { describe, expect, it } from 'vitest';
import type { AgentStep } from './agent.js';
import { isGroundedAnswer, NOT_IN_DOCUMENTS, nextStep, passageSentences } from './grounded.js';

const search: AgentStep = {
  type: 'tool',
  tool: 'search',
  input: { collection: 'towns', query: 'railway tickets' },
  output: [
    {
      documentId: 'd1',
      title: 'Larchfield Railway',
      start: 0,
      text: '# Larchfield Railway\n\nThe oldest locomotive, named Wren, was built in 1899. A single ticket costs 5 euros and a return ticket costs 9 euros.',
    },
    { documentId: 'd2', title: 'Choir', start: 0, text: 'The choir rehearses every Thursday at 19:00.' },
  ],
  modelMs: 1,
  toolMs: 1,
};
const calculator: AgentStep = {
  type: 'tool',
  tool: 'calculator',
  input: { expression: '4 * 9' },
  output: { expression: '4 * 9', result: 36 },
  modelMs: 1,
  toolMs: 1,
};

describe('nextStep: the grounded policy per question kind', () => {
  it('searches first, whatever the kind', () => {
    for (const kind of ['lookup', 'calculation', 'quote'] as const) {
      expect(nextStep(kind, 'q', 1, [], true)).toEqual({ toolChoice: { tool: 'search' } });
    }
  });
  it('a calculation calls the calculator after the search, then answers', () => {
    expect(nextStep('calculation', 'q', 2, [search], true)).toEqual({
      toolChoice: { tool: 'calculator' },
      thought: true,
    });
    expect(nextStep('calculation', 'q', 3, [search, calculator], true)).toEqual({ toolChoice: 'none' });
    // Without a calculator tool, or after a failed calculation, the model decides.
    expect(nextStep('calculation', 'q', 2, [search], false)).toBeUndefined();
    expect(nextStep('calculation', 'q', 3, [search, { ...calculator, error: 'bad' }], true)).toBeUndefined();
  });
  it('a quote answers with one of the passage sentences, word for word', () => {
    const settings = nextStep('quote', 'Quote what it says about ticket prices.', 2, [search], true);
    expect(settings?.toolChoice).toBe('none');
    // The sentence sharing most terms with the question comes first.
    expect(settings?.answer).toEqual({
      type: 'string',
      enum: [
        'A single ticket costs 5 euros and a return ticket costs 9 euros.',
        'The oldest locomotive, named Wren, was built in 1899.',
        'The choir rehearses every Thursday at 19:00.',
      ],
    });
  });
  it('a lookup leaves the next steps to the model', () => {
    expect(nextStep('lookup', 'q', 2, [search], true)).toBeUndefined();
  });
});

describe('passageSentences', () => {
  it('lists the sentences of the passages, without headings, each once', () => {
    expect(passageSentences([search, search])).toEqual([
      'The oldest locomotive, named Wren, was built in 1899.',
      'A single ticket costs 5 euros and a return ticket costs 9 euros.',
      'The choir rehearses every Thursday at 19:00.',
    ]);
  });
});

describe('isGroundedAnswer', () => {
  it('keeps an answer a passage sentence states about what was asked', () => {
    expect(isGroundedAnswer('What is the oldest locomotive called?', 'Wren', [search])).toBe(true);
    expect(isGroundedAnswer('On which day does the choir rehearse?', 'Thursday', [search])).toBe(true);
  });
  it('keeps a calculation result and a refusal', () => {
    expect(isGroundedAnswer('What do four return tickets cost?', '36 euros', [search, calculator])).toBe(
      true,
    );
    expect(isGroundedAnswer('Who founded it?', NOT_IN_DOCUMENTS, [search])).toBe(true);
  });
  it('rejects an answer the passages do not hold, or hold about something else', () => {
    expect(isGroundedAnswer('Who designed the station?', 'Ines Carvalho', [search])).toBe(false);
    // "Larchfield Railway" is in the passages, but not in a sentence about festivals or 2019.
    expect(isGroundedAnswer('Which choir won the festival in 2019?', 'Larchfield Railway', [search])).toBe(
      false,
    );
    expect(isGroundedAnswer('What is the phone number?', 'd1', [search])).toBe(false);
  });
});
