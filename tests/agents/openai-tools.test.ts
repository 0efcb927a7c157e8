import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, createTestLanguageModel, createTestLore } from '../support/lore.js';

const tools: ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'The weather in a city.',
      parameters: {
        type: 'object',
        properties: { city: { type: 'string', maxLength: 20 }, unit: { enum: ['c', 'f'] } },
        required: ['city', 'unit'],
        additionalProperties: false,
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'get_time',
      description: 'The current time.',
      parameters: { type: 'object', properties: {}, additionalProperties: false },
    },
  },
];

describe('tools and tool_choice on /v1/chat/completions with the official openai client', () => {
  let env: Awaited<ReturnType<typeof createTestLore>>;
  let client: OpenAI;
  let model: string;
  beforeAll(async () => {
    const languageModel = createTestLanguageModel();
    env = await createTestLore('pglite', { languageModel });
    model = languageModel.modelId;
    client = new OpenAI({
      baseURL: 'http://localhost/v1', // without keys the app answers only loopback Host names
      apiKey: 'unused-locally',
      fetch: (input, init) => Promise.resolve(env.app.request(String(input), init as RequestInit)),
    });
  }, 120_000);
  afterAll(() => env?.cleanup());

  test('a named function: tool_calls with an id, type function and JSON arguments valid for its parameters; then a follow-up with the tool result', async () => {
    const messages: ChatCompletionMessageParam[] = [
      { role: 'user', content: 'What is the weather in Paris?' },
    ];
    const completion = await client.chat.completions.create({
      model,
      messages,
      tools,
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      max_tokens: 48,
      seed: 1,
      temperature: 0,
    });
    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.content).toBeNull();
    const calls = choice?.message.tool_calls ?? [];
    expect(calls).toHaveLength(1);
    const [toolCall] = calls;
    if (toolCall?.type !== 'function') throw new Error('expected a function call');
    expect(toolCall.id).toMatch(/^call_/);
    expect(toolCall.function.name).toBe('get_weather');
    const args = JSON.parse(toolCall.function.arguments);
    expect(Object.keys(args).sort()).toEqual(['city', 'unit']);
    expect(typeof args.city).toBe('string');
    expect(args.city.length).toBeLessThanOrEqual(20);
    expect(['c', 'f']).toContain(args.unit);

    // The follow-up carries the assistant's tool_calls and the tool's result; tool_choice none answers in text.
    const followUp = await client.chat.completions.create({
      model,
      messages: [
        ...messages,
        choice?.message as ChatCompletionMessageParam,
        { role: 'tool', tool_call_id: toolCall.id, content: '{"temperature": 18, "sky": "clear"}' },
      ],
      tools,
      tool_choice: 'none',
      max_tokens: 12,
      seed: 1,
    });
    expect(followUp.choices[0]?.finish_reason).not.toBe('tool_calls');
    expect(typeof followUp.choices[0]?.message.content).toBe('string');
  }, 600_000);

  test('required: a call to one of the declared tools, also when streamed', async () => {
    const stream = await client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'What time is it?' }],
      tools,
      tool_choice: 'required',
      max_tokens: 48,
      seed: 1,
      temperature: 0,
      stream: true,
    });
    const names: string[] = [];
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      for (const call of chunk.choices[0]?.delta.tool_calls ?? []) names.push(call.function?.name ?? '');
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(names).toHaveLength(1);
    expect(['get_weather', 'get_time']).toContain(names[0]);
    expect(finish).toBe('tool_calls');
  }, 600_000);

  test('bad tool requests are 400s: unknown named function, tool message without tool_call_id', async () => {
    const unknown = await call(env.app, 'POST', '/v1/chat/completions', {
      model,
      messages: [{ role: 'user', content: 'hi' }],
      tools,
      tool_choice: { type: 'function', function: { name: 'nope' } },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/nope/);
    const orphan = await call(env.app, 'POST', '/v1/chat/completions', {
      model,
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'tool', content: '1' },
      ],
    });
    expect(orphan.status).toBe(400);
  });
});
