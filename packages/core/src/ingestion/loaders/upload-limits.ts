// Upload limits and the depth measures they use: plain values with no imports, so the wire contract
// (@lore/contract, through @lore/core/defaults) can state them without loading the ingestion code.

/** How far a ZIP container (a .docx) may expand before it counts as an archive bomb. */
export interface ZipLimits {
  /** Total uncompressed bytes of all entries. */
  maxUncompressedBytes: number;
  /** Largest uncompressed/compressed ratio of one entry over 1 MiB. */
  maxCompressionRatio: number;
  maxEntries: number;
}

export const defaultZipLimits: ZipLimits = {
  maxUncompressedBytes: 256 * 1024 * 1024,
  maxCompressionRatio: 200,
  maxEntries: 10_000,
};

/** Limits an upload must meet before it is accepted. */
export interface UploadLimits {
  /** Largest file, in bytes. */
  maxFileBytes: number;
  /** Deepest nesting of JSON arrays/objects or HTML elements. */
  maxNestingDepth: number;
  zip: ZipLimits;
}

export const defaultUploadLimits: UploadLimits = {
  maxFileBytes: 50 * 1024 * 1024,
  maxNestingDepth: 200,
  zip: defaultZipLimits,
};

/** The deepest nesting of `[`/`{` in JSON text (or JSON Lines), strings skipped; no parse, no recursion. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 92)
        index++; // backslash: skip the escaped character
      else if (char === 34) inString = false;
    } else if (char === 34) inString = true;
    else if (char === 91 || char === 123) deepest = Math.max(deepest, ++depth);
    else if (char === 93 || char === 125) depth = Math.max(0, depth - 1);
  }
  return deepest;
}

/** The deepest nesting of arrays/objects in a parsed JSON value, walked without recursion. */
export function valueDepth(value: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (item === null || typeof item !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return deepest;
}
