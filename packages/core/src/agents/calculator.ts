const functions: Record<string, (value: number) => number> = {
  sqrt: Math.sqrt,
  abs: Math.abs,
  round: Math.round,
  floor: Math.floor,
  ceil: Math.ceil,
  ln: Math.log,
  log10: Math.log10,
};
const constants: Record<string, number> = { pi: Math.PI, e: Math.E };

/**
 * Evaluates an arithmetic expression with a recursive-descent parser (never `eval`): numbers, + - * / % ^,
 * parentheses, unary signs, `pi`, `e` and sqrt, abs, round, floor, ceil, ln, log10. Throws on anything else.
 */
export function calculate(expression: string): number {
  if (expression.length > 1_000) throw new Error('The expression is longer than 1000 characters.');
  const tokens =
    expression.match(/\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+|[A-Za-z_][A-Za-z0-9_]*|\*\*|\S/g) ?? [];
  let position = 0;
  const peek = () => tokens[position];
  const take = (expected?: string): string => {
    const token = tokens[position];
    if (token === undefined || (expected !== undefined && token !== expected)) {
      throw new Error(
        `Expected ${expected ?? 'more input'} at token ${position + 1}${token ? ` ("${token}")` : ' (end)'}.`,
      );
    }
    position++;
    return token;
  };

  // sum := product (('+' | '-') product)*
  const sum = (): number => {
    let value = product();
    while (peek() === '+' || peek() === '-') value = take() === '+' ? value + product() : value - product();
    return value;
  };
  // product := unary (('*' | '/' | '%') unary)*
  const product = (): number => {
    let value = unary();
    for (let operator = peek(); operator === '*' || operator === '/' || operator === '%'; operator = peek()) {
      take();
      const right = unary();
      if ((operator === '/' || operator === '%') && right === 0) throw new Error('Division by zero.');
      value = operator === '*' ? value * right : operator === '/' ? value / right : value % right;
    }
    return value;
  };
  // unary := ('+' | '-') unary | power
  const unary = (): number => {
    const sign = peek();
    if (sign !== '-' && sign !== '+') return power();
    take();
    return sign === '-' ? -unary() : unary();
  };
  // power := atom (('^' | '**') unary)?   (right-associative)
  const power = (): number => {
    const base = atom();
    if (peek() === '^' || peek() === '**') {
      take();
      return base ** unary();
    }
    return base;
  };
  const atom = (): number => {
    const token = take();
    if (token === '(') {
      const value = sum();
      take(')');
      return value;
    }
    if (/^(\d|\.\d)/.test(token)) return Number(token);
    const name = token.toLowerCase();
    if (name in constants) return constants[name] as number;
    const apply = functions[name];
    if (apply) {
      take('(');
      const value = sum();
      take(')');
      return apply(value);
    }
    throw new Error(`Unknown symbol "${token}". Use numbers, + - * / % ^, parentheses and sqrt, abs, round.`);
  };

  if (tokens.length === 0) throw new Error('The expression is empty.');
  const value = sum();
  if (position < tokens.length) throw new Error(`Unexpected "${tokens[position]}" at token ${position + 1}.`);
  if (!Number.isFinite(value)) throw new Error('The result is not a finite number.');
  // 15 significant digits drop binary noise (22 * 23 * 1.0 → 506, not 506.00000000000006), which a model
  // copies into its answer.
  return Number(value.toPrecision(15));
}
