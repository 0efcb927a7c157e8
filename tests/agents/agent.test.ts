import { type AgentStep, defineTool, type Tool } from '@lore/core';
import { createBuiltinTools, runAgentLoop } from '@lore/core/internal';
import { afterAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { createTestLanguageModel } from '../support/lore.js';

const now = () => new Date('2026-11-23T12:00:00Z');
const builtins = createBuiltinTools(
  {
    collections: [],
    search: async () => [],
    readDocument: async () => {
      throw new Error('no documents here');
    },
    now,
  },
  ['current_time', 'calculator'],
);
const small = { seed: 1, temperature: 0, maxTokens: 64 };

describe('the agent loop on the real GGUF model (schema-constrained tool steps)', () => {
  const model = createTestLanguageModel();
  afterAll(() => model.close());

  // What this checks: two calls in sequence with schema-valid arguments, each result fed back before the
  // next step, and a final answer. Gemma 270M base does not get the arithmetic right (it tends to copy
  // the time string into the calculator), so the answer's content is not asserted.
  test('a question needing two tool calls: current_time, then calculator, then an answer', async () => {
    const prompts: string[][] = [];
    const recording = {
      ...model,
      generate: (options: Parameters<typeof model.generate>[0]) => {
        prompts.push(options.messages.map((message) => `${message.role}: ${message.content}`));
        return model.generate(options);
      },
    };
    const steps: AgentStep[] = [];
    const result = await runAgentLoop(recording, {
      input:
        'How many years are left until 2100? Get the current year with current_time, then use calculator to compute 2100 minus that year.',
      tools: builtins,
      // The order is fixed per step (prepareStep); the model writes every call's arguments itself.
      prepareStep: ({ stepNumber }) => ({ tool: stepNumber === 1 ? 'current_time' : 'calculator' }),
      maxSteps: 3,
      maxAnswerChars: 40,
      sampling: small,
      onStep: (step) => steps.push(step),
    });
    expect(result.steps).toEqual(steps);
    const [first, second, last] = result.steps;
    expect(first?.type).toBe('tool');
    expect(second?.type).toBe('tool');
    expect(last?.type).toBe('answer');
    expect(result.finishReason).toBe('max_steps');
    for (const step of [first, second]) {
      if (step?.type !== 'tool') throw new Error('expected a tool step');
      // Schema-valid arguments, so each tool ran without an argument error.
      expect(step.modelMs).toBeGreaterThan(0);
    }
    expect(first).toMatchObject({ tool: 'current_time', input: {}, output: { year: 2026 } });
    expect(second).toMatchObject({ tool: 'calculator' });
    const expression = (second as { input: { expression: string } }).input.expression;
    expect(typeof expression).toBe('string');
    expect(expression.length).toBeGreaterThan(0);
    expect(expression.length).toBeLessThanOrEqual(100);
    // The calculator got schema-valid arguments: it ran (an arithmetic error is its own result, shown to
    // the model); Gemma 270M base often appends "= <guess>", which the calculator rejects.
    const outcome = second as { output?: unknown; error?: string };
    if (outcome.error) expect(outcome.error).not.toMatch(/Invalid arguments/);
    else expect(outcome.output).toMatchObject({ expression });
    // Each result went back to the model as a tool message before its next step.
    expect(prompts).toHaveLength(3);
    expect(prompts[1]?.at(-1)).toBe(
      `tool: ${JSON.stringify({ tool: first?.type === 'tool' ? first.tool : '', output: (first as { output: unknown }).output })}`,
    );
    expect(prompts[2]?.filter((line) => line.startsWith('tool: '))).toHaveLength(2);
    expect(prompts[0]?.[0]).not.toMatch(/"output"/);
    expect(typeof result.answer).toBe('string');
  }, 600_000);

  test('a throwing tool and a timed-out tool become error results the model sees, not crashes', async () => {
    const failing = defineTool({
      name: 'explode',
      description: 'Always fails.',
      inputSchema: z.object({}),
      async execute() {
        throw new Error('the fuse was lit');
      },
    }) as Tool;
    const slow = defineTool({
      name: 'wait_forever',
      description: 'Never finishes.',
      inputSchema: z.object({}),
      timeoutMs: 50,
      execute: () => new Promise(() => {}),
    }) as Tool;
    for (const [tool, message] of [
      [failing, 'the fuse was lit'],
      [slow, 'did not finish within 50 ms'],
    ] as const) {
      const result = await runAgentLoop(model, {
        input: 'Try the tool.',
        tools: [failing, slow],
        toolChoice: { tool: tool.name },
        maxSteps: 2,
        maxAnswerChars: 20,
        sampling: small,
      });
      const [call, answer] = result.steps;
      expect(call).toMatchObject({ type: 'tool', tool: tool.name, input: {} });
      expect((call as { error: string }).error).toContain(message);
      expect(answer?.type).toBe('answer');
    }
  }, 600_000);
});
