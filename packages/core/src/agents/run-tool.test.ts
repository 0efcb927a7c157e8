import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runTool } from './run-tool.js';
import { defineTool, type Tool } from './tool.js';

const tool = (execute: Tool['execute'], timeoutMs?: number): Tool =>
  defineTool({
    name: 'probe',
    description: 'test tool',
    inputSchema: z.object({ n: z.number() }),
    execute,
    ...(timeoutMs !== undefined && { timeoutMs }),
  }) as Tool;

describe('runTool', () => {
  it('returns the output of a tool that succeeds, with parsed input', async () => {
    const outcome = await runTool(
      tool(async (input) => (input as { n: number }).n * 2),
      { n: 21 },
      { timeoutMs: 1000 },
    );
    expect(outcome).toEqual({ output: 42 });
  });

  it('turns a thrown error into an error result', async () => {
    const outcome = await runTool(
      tool(async () => {
        throw new Error('boom');
      }),
      { n: 1 },
      { timeoutMs: 1000 },
    );
    expect(outcome).toEqual({ error: 'boom' });
  });

  it('turns a timeout into an error result and aborts the tool', async () => {
    let signal: AbortSignal | undefined;
    const outcome = await runTool(
      tool((_, options) => {
        signal = options.abortSignal;
        return new Promise(() => {});
      }, 30),
      { n: 1 },
      { timeoutMs: 10_000 },
    );
    expect(outcome).toEqual({ error: 'The tool probe did not finish within 30 ms.' });
    expect(signal?.aborted).toBe(true);
  });

  it('reports invalid arguments without running the tool', async () => {
    let ran = false;
    const outcome = await runTool(
      tool(async () => {
        ran = true;
      }),
      { n: 'x' },
      { timeoutMs: 1000 },
    );
    expect(ran).toBe(false);
    expect('error' in outcome && outcome.error).toMatch(/Invalid arguments for probe/);
  });
});
