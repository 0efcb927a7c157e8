import { describe, expect, it } from 'vitest';
import type { Lore } from '../lore/types.js';
import type { EveryMember } from './scoped-lore.js';

// tsc -b type-checks this file: each @ts-expect-error fails the build if the line it marks compiles.
describe('EveryMember (what keeps the scoped view complete)', () => {
  it('refuses a view without an optional member of the facade', () => {
    interface Facade {
      search(query: string): string[];
      trace?: (message: string) => void;
    }
    // @ts-expect-error `trace` is optional on the facade, yet the view must decide how it is scoped
    const view = { search: (query: string) => [query] } satisfies EveryMember<Facade>;
    expect(view.search('q')).toEqual(['q']);
  });

  it('refuses a view of Lore that leaves out a member or a member of a group', () => {
    const views = (
      withoutSearch: Omit<Lore, 'search'>,
      withoutContent: Omit<Lore['documents'], 'content'>,
    ) => {
      // @ts-expect-error `search` is missing
      withoutSearch satisfies EveryMember<Lore>;
      // @ts-expect-error `documents.content` is missing
      withoutContent satisfies EveryMember<Lore['documents']>;
    };
    expect(views).toBeTypeOf('function');
  });
});
