import type { AgentResult } from '@lore/core';
import { describe, expect, it } from 'vitest';
import { type AgentTask, grade, loadTasks } from './tasks.js';

const result = (answer: string, finishReason: AgentResult['finishReason'] = 'answer'): AgentResult => ({
  answer,
  finishReason,
  steps: [
    { type: 'tool', tool: 'search', input: {}, output: [], modelMs: 1, toolMs: 1 },
    { type: 'answer', answer, modelMs: 1 },
  ],
  usage: { promptTokens: 0, completionTokens: 0 },
});
const compute: AgentTask = {
  id: 'c',
  kind: 'compute',
  collection: 'towns',
  question: 'Late fee for 12 days?',
  expect: ['\\b3(\\.0+)?\\b(?!\\.\\d)', '\\bthree\\b'],
  reject: ['\\b0\\.3\\b', '\\b30\\b'],
};
const refuse: AgentTask = { id: 'r', kind: 'refuse', collection: 'towns', question: 'Phone number?' };

describe('agent eval grading', () => {
  it('counts the expected fact as success and names each failure kind', () => {
    expect(grade(compute, result('The fee is 3.00 euros.'))).toBe('success');
    expect(grade(compute, result('0.3 euros'))).toBe('wrong_answer');
    expect(grade(compute, result('The documents do not mention it.'))).toBe('refused_answerable');
    expect(grade(compute, result('12 days', 'max_steps'))).toBe('no_answer_in_max_steps');
    expect(grade(refuse, result('not in the documents'))).toBe('success');
    expect(grade(refuse, result('文档中没有提到。'))).toBe('success');
    expect(grade(refuse, result('555-0199'))).toBe('answered_unanswerable');
  });

  it('has at least 20 tasks of every kind, each answerable one with a pattern that compiles', async () => {
    const tasks = await loadTasks();
    expect(tasks.length).toBeGreaterThanOrEqual(20);
    expect(new Set(tasks.map((task) => task.kind))).toEqual(
      new Set(['lookup', 'compute', 'compare', 'quote', 'refuse']),
    );
    for (const task of tasks.filter((item) => item.kind !== 'refuse')) {
      expect(task.expect?.length).toBeGreaterThan(0);
      for (const pattern of [...(task.expect ?? []), ...(task.reject ?? [])]) new RegExp(pattern, 'i');
    }
  });

  it('has held-out tasks of every kind, with ids of their own', async () => {
    const tasks = await loadTasks();
    const heldOut = await loadTasks('held-out.jsonl');
    expect(new Set(heldOut.map((task) => task.kind))).toEqual(
      new Set(['lookup', 'compute', 'compare', 'quote', 'refuse']),
    );
    const ids = new Set(tasks.map((task) => task.id));
    expect(heldOut.filter((task) => ids.has(task.id))).toEqual([]);
    for (const task of heldOut) for (const pattern of task.expect ?? []) new RegExp(pattern, 'i');
  });
});
