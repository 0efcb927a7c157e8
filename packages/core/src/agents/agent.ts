import { LoreError, throwIfAborted } from '../errors.js';
import type { ChatMessage, JsonSchema, LanguageModel, SamplingOptions } from '../spec/language-model.js';
import { withSpan } from '../tracing/with-span.js';
import { chooseAnswer } from './choose-answer.js';
import { runTool, type ToolOutcome } from './run-tool.js';
import { type Tool, toolParameters } from './tool.js';
import {
  parseModelStep,
  type ToolChoice,
  type ToolDeclaration,
  toolStepSchema,
  toolSystemPrompt,
} from './tool-call-schema.js';

/** What one step may reply: its tool choice, the JSON schema of an answer's text, and a thought first. */
export interface StepSettings {
  toolChoice?: ToolChoice;
  /** Default: a string of at most `maxAnswerChars`. */
  answer?: JsonSchema;
  /** The reply starts with a short `thought` (ReAct), recorded with the step. */
  thought?: boolean;
  /**
   * On an answer-only step, the answers it may give: the model's likeliest one is taken when it can score
   * continuations; otherwise it is decoded under an enum of them.
   */
  choices?: string[];
  /** Narrower argument schemas for this step, by tool name (e.g. an expression of the passages' numbers). */
  arguments?: Record<string, JsonSchema>;
}

export interface RunAgentOptions {
  input: string;
  tools: Tool[];
  /** Model calls at most; the last one must answer, so a run always ends with an answer (default 6). */
  maxSteps?: number;
  /** Which replies the steps before the last may give (default `auto`). */
  toolChoice?: ToolChoice;
  /**
   * Picks the tool choice (or the step settings) of one step (1-based) from the steps so far, e.g. to fix the
   * order of tools. On the last step only its answer schema applies.
   */
  prepareStep?: (context: {
    stepNumber: number;
    steps: readonly AgentStep[];
  }) => ToolChoice | StepSettings | undefined | Promise<ToolChoice | StepSettings | undefined>;
  /** Checks the model's final answer against the steps and returns the answer to give, e.g. a refusal. */
  checkAnswer?: (context: { answer: string; steps: readonly AgentStep[] }) => Promise<string>;
  /** Replaces the first line of the system prompt. */
  instructions?: string;
  /** Milliseconds a tool may run before its call becomes an error result (default 15000). */
  toolTimeoutMs?: number;
  /** Longest final answer in characters; bounds decoding so a small model cannot ramble (default 1000). */
  maxAnswerChars?: number;
  sampling?: SamplingOptions;
  /** Called after each recorded step, e.g. to stream progress. */
  onStep?: (step: AgentStep) => void;
  abortSignal?: AbortSignal;
}

/** One recorded step of a run: a tool call with its input and output or error, or the final answer. */
export type AgentStep =
  | {
      type: 'tool';
      tool: string;
      input: unknown;
      /** What the model wrote before the call, when the step asked for a thought. */
      thought?: string;
      output?: unknown;
      error?: string;
      /** Milliseconds the model took to write the call, and the tool to run. */
      modelMs: number;
      toolMs: number;
    }
  | {
      type: 'answer';
      answer: string;
      modelMs: number;
      /** Milliseconds `checkAnswer` took, and the model's own answer when it replaced it. */
      checkMs?: number;
      draft?: string;
    };

export interface AgentResult {
  answer: string;
  steps: AgentStep[];
  /** `answer`: the model chose to answer; `max_steps`: the step limit made it answer. */
  finishReason: 'answer' | 'max_steps';
  usage: { promptTokens: number; completionTokens: number };
}

const maxResultChars = 6_000;

/**
 * Runs a ReAct-style loop: each model step is decoded under a JSON schema that allows only the declared
 * tools with their argument schemas (or a final answer); tool results go back as tool messages.
 */
export function runAgentLoop(model: LanguageModel, options: RunAgentOptions): Promise<AgentResult> {
  return withSpan(
    'lore.agent.run',
    {
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.request.model': model.modelId,
      'lore.agent.tools': options.tools.length,
    },
    async (span) => {
      const result = await runLoop(model, options);
      span.setAttributes({
        'gen_ai.usage.input_tokens': result.usage.promptTokens,
        'gen_ai.usage.output_tokens': result.usage.completionTokens,
        'lore.agent.steps': result.steps.length,
        'lore.agent.finish_reason': result.finishReason,
      });
      return result;
    },
  );
}

async function runLoop(model: LanguageModel, options: RunAgentOptions): Promise<AgentResult> {
  const maxSteps = options.maxSteps ?? 6;
  if (!Number.isInteger(maxSteps) || maxSteps < 1 || maxSteps > 32) {
    throw new LoreError('BAD_REQUEST', `maxSteps must be an integer from 1 to 32, got ${maxSteps}.`);
  }
  if (options.input.trim().length === 0) throw new LoreError('BAD_REQUEST', 'The agent input is empty.');
  const byName = new Map(options.tools.map((tool) => [tool.name, tool]));
  if (byName.size !== options.tools.length) throw new LoreError('BAD_REQUEST', 'Two tools share a name.');
  const declarations: ToolDeclaration[] = options.tools.map((tool) => ({
    name: tool.name,
    description: tool.description,
    parameters: toolParameters(tool),
  }));
  const messages: ChatMessage[] = [
    { role: 'system', content: toolSystemPrompt(declarations, options.instructions) },
    { role: 'user', content: options.input },
  ];
  const steps: AgentStep[] = [];
  const usage = { promptTokens: 0, completionTokens: 0 };
  const calls = new Set<string>();
  let mustAnswer = false;
  for (let step = 1; ; step++) {
    throwIfAborted(options.abortSignal);
    const last = step >= maxSteps || mustAnswer;
    const settings = stepSettings(await options.prepareStep?.({ stepNumber: step, steps }));
    const choice = last ? 'none' : (settings.toolChoice ?? options.toolChoice ?? 'auto');
    const choices = choice === 'none' ? settings.choices : undefined;
    const schema = toolStepSchema(declarations, choice, {
      ...(options.maxAnswerChars !== undefined && { maxAnswerChars: options.maxAnswerChars }),
      ...(settings.thought && { thought: true }),
      ...(settings.arguments && { arguments: settings.arguments }),
      ...((choices || settings.answer) && {
        answer: choices ? { type: 'string', enum: choices } : settings.answer,
      }),
    });
    const started = performance.now();
    const chosen = choices && (await chooseAnswer(model, messages, choices, options.abortSignal));
    const result = chosen
      ? { text: chosen.text, usage: { promptTokens: 0, completionTokens: 0 } }
      : await model.generate({
          // Room for the longest answer the schema allows (a digit is a token), so a step always completes.
          maxTokens: (options.maxAnswerChars ?? 1_000) + 128,
          ...options.sampling,
          messages,
          responseFormat: { type: 'json_schema', schema, name: 'agent_step' },
          ...(options.abortSignal && { abortSignal: options.abortSignal }),
        });
    const modelMs = performance.now() - started;
    usage.promptTokens += result.usage.promptTokens;
    usage.completionTokens += result.usage.completionTokens;
    throwIfAborted(options.abortSignal);
    const parsed = parseModelStep(result.text);
    if (parsed.type === 'answer') {
      const checkStarted = performance.now();
      const answer = options.checkAnswer
        ? await options.checkAnswer({ answer: parsed.text, steps })
        : parsed.text;
      throwIfAborted(options.abortSignal);
      steps.push({
        type: 'answer',
        answer,
        modelMs,
        ...(options.checkAnswer && { checkMs: performance.now() - checkStarted }),
        ...(answer !== parsed.text && { draft: parsed.text }),
      });
      options.onStep?.(steps.at(-1) as AgentStep);
      return {
        answer,
        steps,
        finishReason: step >= maxSteps ? 'max_steps' : 'answer',
        usage,
      };
    }
    const tool = byName.get(parsed.tool);
    const toolStarted = performance.now();
    // A call the model already made would give the same result: small models loop on one call, so the
    // repeat is recorded but not run, and the next step answers from the same messages as this one.
    const call = JSON.stringify([parsed.tool, parsed.arguments]);
    mustAnswer = calls.has(call);
    calls.add(call);
    const outcome: ToolOutcome = mustAnswer
      ? { error: 'Repeated call, not run: the next step had to answer.' }
      : tool
        ? await runTool(tool, parsed.arguments, {
            timeoutMs: options.toolTimeoutMs ?? 15_000,
            ...(options.abortSignal && { abortSignal: options.abortSignal }),
          })
        : { error: `There is no tool named "${parsed.tool}".` };
    steps.push({
      type: 'tool',
      tool: parsed.tool,
      input: parsed.arguments,
      ...(parsed.thought && { thought: parsed.thought }),
      ...outcome,
      modelMs,
      toolMs: performance.now() - toolStarted,
    });
    options.onStep?.(steps.at(-1) as AgentStep);
    if (mustAnswer) continue;
    messages.push({ role: 'assistant', content: result.text });
    messages.push({ role: 'tool', content: toolMessage(parsed.tool, outcome) });
  }
}

function stepSettings(prepared: ToolChoice | StepSettings | undefined): StepSettings {
  if (prepared === undefined) return {};
  if (typeof prepared === 'string' || 'tool' in prepared) return { toolChoice: prepared };
  return prepared;
}

/** A tool result as the data the model reads, cut to a size a small context can hold. */
function toolMessage(tool: string, outcome: ToolOutcome): string {
  let text: string;
  try {
    text = JSON.stringify({ tool, ...outcome });
  } catch (error) {
    text = JSON.stringify({ tool, error: `The tool's output is not JSON: ${(error as Error).message}` });
  }
  return text.length > maxResultChars ? `${text.slice(0, maxResultChars)}… (truncated)` : text;
}
