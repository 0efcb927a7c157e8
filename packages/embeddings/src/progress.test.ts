import { describe, expect, it } from 'vitest';
import { createConsoleProgress } from './progress.js';

describe('createConsoleProgress', () => {
  it('draws one aggregated bar line per 10% off a terminal and a ready line at the end', () => {
    const lines: string[] = [];
    const progress = createConsoleProgress({ stream: { write: (text) => lines.push(text) }, width: 10 });
    progress({ status: 'initiate', model: 'm', file: 'a' });
    progress({ status: 'progress', model: 'm', file: 'a', loaded: 0, total: 1_048_576 });
    progress({ status: 'progress', model: 'm', file: 'b', loaded: 0, total: 1_048_576 });
    progress({ status: 'progress', model: 'm', file: 'a', loaded: 1_048_576, total: 1_048_576 });
    progress({ status: 'progress', model: 'm', file: 'a', loaded: 1_048_576, total: 1_048_576 });
    progress({ status: 'ready', model: 'm' });
    expect(lines).toEqual([
      '[lore] loading m [----------] 0% 0.0/1.0 MB\n',
      '[lore] loading m [#####-----] 50% 1.0/2.0 MB\n',
      '[lore] m is ready.\n',
    ]);
  });

  it('prints nothing for a model loaded without byte progress', () => {
    const lines: string[] = [];
    const progress = createConsoleProgress({ stream: { write: (text) => lines.push(text) } });
    progress({ status: 'ready', model: 'local' });
    expect(lines).toEqual([]);
  });
});
