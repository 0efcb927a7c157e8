import { describe, expect, it } from 'vitest';
import type { AgentStep } from './agent.js';
import {
  isGroundedAnswer,
  NOT_IN_DOCUMENTS,
  nextStep,
  operandsAreAbout,
  passageSentences,
} from './grounded.js';

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
  it('the first search is for the question itself, not a query the model writes', () => {
    const question = 'Who founded Fenwick Orchard?';
    const settings = nextStep('lookup', question, 1, [], true, ['towns']);
    expect(settings?.toolChoice).toEqual({ tool: 'search' });
    expect(settings?.arguments?.search?.properties).toMatchObject({ query: { const: question } });
    // Longer than the search tool takes: the model writes the query.
    expect(nextStep('lookup', `${'x'.repeat(250)}?`, 1, [], true, ['towns'])).toEqual({
      toolChoice: { tool: 'search' },
    });
  });
  it('a calculation calls the calculator after the search, with the numbers of the evidence, then answers', () => {
    const question = 'How much do four return tickets cost?';
    const settings = nextStep('calculation', question, 2, [search], true);
    expect(settings).toMatchObject({ toolChoice: { tool: 'calculator' }, thought: true });
    const expression = settings?.arguments?.calculator?.properties as { expression: { pattern: string } };
    const pattern = new RegExp(expression.expression.pattern, 'u');
    // The question's "four" and the ticket sentence's prices; nothing the passages do not state.
    expect(pattern.test('4 * 9')).toBe(true);
    expect(pattern.test('9 * 4')).toBe(true);
    // The single fare stands further from "return tickets" than the return fare.
    expect(pattern.test('4 * 5')).toBe(false);
    expect(pattern.test('4 * 12')).toBe(false);
    expect(pattern.test('36')).toBe(false);
    expect(nextStep('calculation', question, 3, [search, calculator], true)).toEqual({ toolChoice: 'none' });
    // After a failed calculation the model may retry or answer.
    expect(
      nextStep('calculation', question, 3, [search, { ...calculator, error: 'bad' }], true),
    ).toBeUndefined();
  });
  it('a quote is the passage sentence that holds most of the question, word for word', () => {
    const settings = nextStep('quote', 'Quote what it says about ticket prices.', 2, [search], true);
    expect(settings).toEqual({
      toolChoice: 'none',
      choices: ['A single ticket costs 5 euros and a return ticket costs 9 euros.'],
    });
    // Words of a passage's title count little: the railway's name does not pick its first sentence.
    expect(
      nextStep('quote', 'Quote the Larchfield Railway document on the choir rehearses.', 2, [search], true),
    ).toEqual({ toolChoice: 'none', choices: ['The choir rehearses every Thursday at 19:00.'] });
    // Sentences tied for first are the model's to choose.
    expect(nextStep('quote', 'Quote the sentence about Wren and Thursday.', 2, [search], true)).toEqual({
      toolChoice: 'none',
      choices: [
        'The oldest locomotive, named Wren, was built in 1899.',
        'The choir rehearses every Thursday at 19:00.',
      ],
    });
  });
  it('a choice between things the question names looks each one up, then answers with one of them', () => {
    const question = 'Which is older, Wren or the Salt River Bridge?';
    // The bridge is in no passage yet: a search for it, the query fixed.
    const settings = nextStep('lookup', question, 2, [search], true, ['towns']);
    expect(settings?.toolChoice).toEqual({ tool: 'search' });
    expect(settings?.arguments?.search?.properties).toMatchObject({
      query: { const: 'the Salt River Bridge' },
    });
    const bridge: AgentStep = {
      ...search,
      input: { collection: 'towns', query: 'the Salt River Bridge' },
      output: [
        { documentId: 'd3', title: 'Bridge', start: 0, text: 'The Salt River Bridge was completed in 1931.' },
      ],
    };
    expect(nextStep('lookup', question, 3, [search, bridge], true, ['towns'])).toEqual({
      toolChoice: 'none',
      thought: true,
      answer: { type: 'string', enum: ['Wren', 'the Salt River Bridge', NOT_IN_DOCUMENTS] },
    });
    // A search that found nothing is not repeated.
    const nothing: AgentStep = { ...bridge, output: [] };
    expect(nextStep('lookup', question, 3, [search, nothing], true, ['towns'])?.toolChoice).toBe('none');
  });
  it("a lookup answers after a search that found passages, and is the model's to decide otherwise", () => {
    expect(nextStep('lookup', 'q', 2, [search], true)).toEqual({ toolChoice: 'none' });
    expect(nextStep('calculation', 'q', 2, [search], false)).toEqual({ toolChoice: 'none' });
    expect(nextStep('lookup', 'q', 2, [{ ...search, output: [] }], true)).toBeUndefined();
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
  it('keeps a verbatim quote when the rest of the question is instruction words', () => {
    const quote = 'The oldest locomotive, named Wren, was built in 1899.';
    expect(isGroundedAnswer('Quote the sentence about the oldest locomotive.', quote, [search])).toBe(true);
  });
  it("rejects a fact from a sentence that says nothing the question asks besides its subject's name", () => {
    const choir: AgentStep = {
      ...search,
      output: [
        {
          documentId: 'd3',
          title: 'Marrow Valley Choir',
          start: 0,
          text: 'The Marrow Valley Choir is an amateur choir of 36 singers. It was founded in 2009 by a group of parents.',
        },
      ],
    };
    const album = 'In which year did the Marrow Valley Choir release its first album?';
    expect(isGroundedAnswer(album, '2009', [choir])).toBe(false);
    expect(isGroundedAnswer('In which year was the Marrow Valley Choir founded?', '2009', [choir])).toBe(
      true,
    );
    expect(isGroundedAnswer('How many singers are in the Marrow Valley Choir?', '36', [choir])).toBe(true);
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

describe('operandsAreAbout', () => {
  it('takes numbers from passages that speak of what the question names, besides its own', () => {
    const expression = '4 * 9';
    expect(
      operandsAreAbout('What do four return tickets on the Larchfield Railway cost?', expression, [search]),
    ).toBe(true);
    expect(
      operandsAreAbout('What do four tickets for the Salt River ferry cost?', expression, [search]),
    ).toBe(false);
    // A question that names nothing cannot be checked this way.
    expect(operandsAreAbout('What do four return tickets cost?', expression, [search])).toBe(true);
  });
  it('makes a calculated answer about something else fall back to a refusal', () => {
    const question = 'How much do four tickets for the Salt River ferry cost?';
    expect(isGroundedAnswer(question, '36', [search, calculator])).toBe(false);
    expect(
      isGroundedAnswer('How much do four tickets on the Larchfield Railway cost?', '36', [
        search,
        calculator,
      ]),
    ).toBe(true);
  });
  it('accepts an option the question names when a passage speaks of it', () => {
    expect(isGroundedAnswer('Which is older, Wren or the choir?', 'Wren', [search])).toBe(true);
    expect(isGroundedAnswer('Which is older, Wren or the ferry?', 'the ferry', [search])).toBe(false);
  });
});
