import { SpanStatusCode } from '@opentelemetry/api';
import { withSpan } from '../tracing/with-span.js';
import { parseToolInput, type Tool } from './tool.js';

/** What one tool call gave back: its output, or the error the model sees instead. */
export type ToolOutcome = { output: unknown } | { error: string };

/**
 * Runs one tool call and never throws: invalid arguments, a thrown error and a timeout all become
 * `{ error }`, which the agent feeds back to the model as data.
 */
export function runTool(
  tool: Tool,
  input: unknown,
  options: { timeoutMs: number; abortSignal?: AbortSignal },
): Promise<ToolOutcome> {
  return withSpan(
    'lore.agent.tool',
    { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': tool.name },
    async (span) => {
      const outcome = await runBounded(tool, input, options);
      if ('error' in outcome) span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.error });
      return outcome;
    },
  );
}

async function runBounded(
  tool: Tool,
  input: unknown,
  options: { timeoutMs: number; abortSignal?: AbortSignal },
): Promise<ToolOutcome> {
  const controller = new AbortController();
  const signal = options.abortSignal
    ? AbortSignal.any([options.abortSignal, controller.signal])
    : controller.signal;
  const timeoutMs = tool.timeoutMs ?? options.timeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ToolOutcome>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error('timeout'));
      resolve({ error: `The tool ${tool.name} did not finish within ${timeoutMs} ms.` });
    }, timeoutMs);
  });
  const call = (async (): Promise<ToolOutcome> => {
    try {
      const output = await tool.execute(parseToolInput(tool, input), { abortSignal: signal });
      return { output: output ?? null };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  })();
  try {
    return await Promise.race([call, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
