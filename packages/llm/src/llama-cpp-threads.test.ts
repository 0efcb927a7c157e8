import { availableParallelism } from 'node:os';
import { getLlama, type Llama, LlamaLogLevel } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdleCores, createThreadPhases, phaseThreads } from './llama-cpp-threads.js';

describe('llama.cpp thread phases', () => {
  let llama: Llama;
  beforeAll(async () => {
    llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error, maxThreads: 4 });
  });
  afterAll(() => llama.dispose());

  it('raises the budget to the idle cores while a prompt is evaluated, within [decoding, prefill]', () => {
    let idle: number | undefined = 3;
    const phases = createThreadPhases(llama, { prefill: 4, generation: 1 }, () => idle);
    expect(llama.maxThreads).toBe(1);
    const end = phases.prefill();
    expect(llama.maxThreads).toBe(3);
    // A second prompt joins the running prefill; the budget holds until both end.
    const endOther = phases.prefill();
    end();
    end();
    expect(llama.maxThreads).toBe(3);
    endOther();
    expect(llama.maxThreads).toBe(1);

    idle = 0;
    const busy = phases.prefill();
    expect(llama.maxThreads).toBe(1);
    busy();
    idle = 9;
    const free = phases.prefill();
    expect(llama.maxThreads).toBe(4);
    free();
  });

  it('defaults to every core for prefill and all but one for decoding', () => {
    const cores = availableParallelism();
    expect(phaseThreads({})).toEqual({ prefill: cores, generation: Math.max(1, cores - 1) });
    expect(phaseThreads({ threads: 3, prefillThreads: 2 })).toEqual({ prefill: 3, generation: 3 });
  });

  it('measures idle cores between 0 and the cores there are, once 100 ms have passed', async () => {
    const idleCores = createIdleCores();
    expect(idleCores()).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 150));
    const idle = idleCores() as number;
    expect(idle).toBeGreaterThanOrEqual(0);
    expect(idle).toBeLessThanOrEqual(availableParallelism());
  });
});
