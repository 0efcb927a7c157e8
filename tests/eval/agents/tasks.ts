import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AgentResult } from '@lore/core';

/** What a task asks for: one fact, a fact then arithmetic, two documents, an exact quote, or a refusal. */
export type TaskKind = 'lookup' | 'compute' | 'compare' | 'quote' | 'refuse';

/** One agent task over a dev collection, with the patterns a correct final answer matches. */
export interface AgentTask {
  id: string;
  kind: TaskKind;
  collection: string;
  question: string;
  /** Case-insensitive regular expressions; the answer is right when one matches (absent for `refuse`). */
  expect?: string[];
  /** Patterns a right answer must not match (e.g. the wrong side of a comparison). */
  reject?: string[];
}

/** Why a task failed; `error` is a run that threw (e.g. a 400 from the structured-output compiler). */
export type Outcome =
  | 'success'
  | 'wrong_answer'
  | 'refused_answerable'
  | 'answered_unanswerable'
  | 'no_answer_in_max_steps'
  | 'error';

/** Answers that say the documents do not hold the answer, in English or Chinese. */
const refusal =
  /not in the documents|not (mentioned|found|stated|given|provided|specified|available|included)|no (information|mention|data|record)|(does not|doesn't|do not|don't) (say|mention|contain|state|include|provide|specify|have)|(cannot|can't|could not|couldn't|unable to) (find|determine|answer)|没有(提到|提及|相关|找到|说明|信息)|未(提及|提到|说明|找到)|不在文档|无法(确定|回答|找到)/i;

/** Reads the task set next to this file. */
export async function loadTasks(file = 'tasks.jsonl'): Promise<AgentTask[]> {
  const text = await readFile(join(import.meta.dirname, file), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as AgentTask);
}

/** True when the answer says the documents do not contain what was asked. */
export function isRefusal(answer: string): boolean {
  return refusal.test(answer);
}

/** Grades one run: the expected fact (or a refusal, for `refuse` tasks) must be in the final answer. */
export function grade(task: AgentTask, result: AgentResult): Outcome {
  const answer = result.answer;
  const unfinished = result.finishReason === 'max_steps' && result.steps.length > 1;
  if (task.kind === 'refuse') {
    if (isRefusal(answer)) return 'success';
    return unfinished ? 'no_answer_in_max_steps' : 'answered_unanswerable';
  }
  const matches = (patterns: string[] | undefined) =>
    (patterns ?? []).some((pattern) => new RegExp(pattern, 'i').test(answer));
  if (matches(task.expect) && !matches(task.reject)) return 'success';
  if (unfinished) return 'no_answer_in_max_steps';
  return isRefusal(answer) ? 'refused_answerable' : 'wrong_answer';
}
