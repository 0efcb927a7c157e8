import { describe, expect, it } from 'vitest';
import { calculate } from './calculator.js';

describe('calculate', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['2 ^ 3 ^ 2', 512],
    ['2 ** 10', 1024],
    ['-3 + +5', 2],
    ['-2 ^ 2', -4],
    ['10 / 4', 2.5],
    ['10 % 4', 2],
    ['sqrt(16) + abs(-2)', 6],
    ['round(pi * 100) / 100', 3.14],
    ['1.5e3 - .5', 1499.5],
    ['2026 - 1990', 36],
  ])('%s = %d', (expression, expected) => {
    expect(calculate(expression)).toBeCloseTo(expected, 10);
  });

  it.each([
    ['', /empty/],
    ['1 +', /Expected more input/],
    ['(1 + 2', /Expected \)/],
    ['1 / 0', /Division by zero/],
    ['process.exit(1)', /Unknown symbol "process"/],
    ['alert(1)', /Unknown symbol/],
    ['1 2', /Unexpected "2"/],
    ['10 ^ 400', /not a finite number/],
  ])('rejects %j', (expression, message) => {
    expect(() => calculate(expression)).toThrow(message);
  });
});

describe('calculate: results a model can copy', () => {
  it('drops binary floating-point noise', () => {
    expect(calculate('0.1 + 0.2')).toBe(0.3);
    expect(calculate('4.6 * 110')).toBe(506);
    expect(calculate('1 / 3')).toBeCloseTo(0.333333333333333, 15);
  });
});
