import { describe, expect, it } from 'vitest';
import { createStopText } from './stop-text.js';

describe('createStopText', () => {
  it('holds back a possible start of a stop sequence and never emits the sequence', () => {
    const stopText = createStopText(['END']);
    expect(stopText.update('abc E')).toEqual({ delta: 'abc ', stopped: false });
    expect(stopText.update('abc EN')).toEqual({ delta: '', stopped: false });
    expect(stopText.update('abc ENX')).toEqual({ delta: 'ENX', stopped: false });
    expect(stopText.update('abc ENX yEND tail')).toEqual({ delta: ' y', stopped: true });
  });

  it('waits for the rest of a multi-byte character and flushes at the end', () => {
    const stopText = createStopText();
    expect(stopText.update('h\uFFFD')).toEqual({ delta: 'h', stopped: false });
    expect(stopText.update('hé')).toEqual({ delta: 'é', stopped: false });
    expect(stopText.flush('hé!')).toBe('!');
  });
});
