// npx tsx tests/eval/answers/calibrate.ts outcomes.json
// Picks the answerability threshold from an `eval:answers --min-answerability 0 --json outcomes.json` run: on
// every other question of each set (calibration half) the highest threshold that wrongly refuses at most 5%,
// then reports what it does on the other half (check half) next to the evidence check alone.
import { readFile } from 'node:fs/promises';
import { holdsFact, type Outcome } from './score.js';

/** The outcome had Lore refused below `threshold` (the run measured answerability without acting on it). */
export function answeredAt(outcome: Outcome, threshold: number): boolean {
  return outcome.answerable && (outcome.answerability ?? 1) >= threshold;
}

/** Rates at one threshold: wrongly refused and fact hit over the answerable, refused over the unanswerable. */
export function rates(outcomes: Outcome[], threshold: number) {
  const answerable = outcomes.filter((outcome) => !outcome.question.unanswerable);
  const unanswerable = outcomes.filter((outcome) => outcome.question.unanswerable);
  const answered = answerable.filter((outcome) => answeredAt(outcome, threshold));
  return {
    wronglyRefused: (answerable.length - answered.length) / Math.max(1, answerable.length),
    fact: answered.filter((outcome) => holdsFact(outcome.answer, outcome.question.fact)).length,
    answerable: answerable.length,
    refused: unanswerable.filter((outcome) => !answeredAt(outcome, threshold)).length,
    unanswerable: unanswerable.length,
  };
}

/** The highest threshold (in steps of 0.05) that keeps wrongly refused at or under `maxWronglyRefused`. */
export function calibrate(outcomes: Outcome[], maxWronglyRefused = 0.05): number {
  let best = 0;
  for (let step = 0; step <= 20; step++) {
    const threshold = step / 20;
    if (rates(outcomes, threshold).wronglyRefused <= maxWronglyRefused) best = threshold;
  }
  return best;
}

const path = process.argv[2];
if (path && process.argv[1]?.endsWith('calibrate.ts')) {
  const outcomes = JSON.parse(await readFile(path, 'utf8')) as Outcome[];
  const halves: [Outcome[], Outcome[]] = [[], []];
  for (const set of new Set(outcomes.map((outcome) => outcome.question.set))) {
    outcomes
      .filter((outcome) => outcome.question.set === set)
      .forEach((outcome, index) => {
        halves[index % 2]?.push(outcome);
      });
  }
  const [calibration, check] = halves;
  const threshold = calibrate(calibration);
  const show = (name: string, list: Outcome[], at: number) => {
    const r = rates(list, at);
    console.log(
      `${name.padEnd(34)} wrongly refused ${r.wronglyRefused.toFixed(2)}  fact ${r.fact}/${r.answerable}  unanswerable refused ${r.refused}/${r.unanswerable}`,
    );
  };
  console.log(`threshold from the calibration half: ${threshold}`);
  for (const [name, list] of [
    ['calibration', calibration],
    ['check', check],
  ] as const) {
    show(`${name}, evidence check alone`, list, 0);
    show(`${name}, with answerability`, list, threshold);
  }
  for (const set of new Set(outcomes.map((outcome) => outcome.question.set))) {
    const mine = outcomes.filter((outcome) => outcome.question.set === set);
    for (const at of [0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]) show(`all ${set} at ${at}`, mine, at);
  }
}
