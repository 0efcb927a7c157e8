import { describe, expect, it } from 'vitest';
import { parseModelStep, toolStepSchema, toolSystemPrompt } from './tool-call-schema.js';

const tools = [
  { name: 'add', parameters: { type: 'object', properties: { a: { type: 'number' } }, required: ['a'] } },
  { name: 'now', parameters: { type: 'object', properties: {} } },
];
const names = (schema: Record<string, unknown>) =>
  ((schema.anyOf as Record<string, unknown>[] | undefined) ?? [schema]).map((option) => {
    const properties = option.properties as Record<string, { const?: string }>;
    return properties.tool?.const ?? 'answer';
  });

describe('toolStepSchema', () => {
  it('auto: any tool call or an answer', () => {
    expect(names(toolStepSchema(tools, 'auto'))).toEqual(['add', 'now', 'answer']);
  });
  it('required: only tool calls; a named tool: only that one; none: only an answer', () => {
    expect(names(toolStepSchema(tools, 'required'))).toEqual(['add', 'now']);
    expect(names(toolStepSchema(tools, { tool: 'now' }))).toEqual(['now']);
    expect(names(toolStepSchema(tools, 'none'))).toEqual(['answer']);
  });
  it('puts each tool input schema under arguments and bounds the answer', () => {
    const schema = toolStepSchema(tools, { tool: 'add' }) as { properties: Record<string, unknown> };
    expect(schema.properties.arguments).toBe(tools[0]?.parameters);
    const answer = toolStepSchema(tools, 'none', { maxAnswerChars: 30 }) as {
      properties: { answer: unknown };
    };
    expect(answer.properties.answer).toEqual({ type: 'string', maxLength: 30 });
  });
  it('rejects a tool_choice naming an unknown tool', () => {
    expect(() => toolStepSchema(tools, { tool: 'nope' })).toThrow(/not among the tools/);
  });
});

describe('parseModelStep', () => {
  it('reads tool calls and answers; prose from an unconstrained provider is an answer', () => {
    expect(parseModelStep('{"tool":"add","arguments":{"a":1}}')).toEqual({
      type: 'tool',
      tool: 'add',
      arguments: { a: 1 },
    });
    expect(parseModelStep('{"answer":"42"}')).toEqual({ type: 'answer', text: '42' });
    expect(parseModelStep(' It is 42. ')).toEqual({ type: 'answer', text: 'It is 42.' });
  });
});

describe('toolSystemPrompt', () => {
  it('lists each tool as a short signature: enums spelled out, optional arguments marked', () => {
    const prompt = toolSystemPrompt([
      {
        name: 'search',
        description: 'Find passages.',
        parameters: {
          type: 'object',
          properties: {
            collection: { enum: ['towns', 'books'] },
            query: { type: 'string' },
            n: { type: 'integer' },
          },
          required: ['collection', 'query'],
        },
      },
    ]);
    expect(prompt).toContain(
      '- search(collection: "towns" | "books", query: string, n?: integer): Find passages.',
    );
    expect(prompt).not.toContain('"properties"');
  });
});
