import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { LoreError } from '../errors.js';
import { readableByName } from '../ingestion/loaders/detect.js';

/** A file a folder sync found: its `/`-separated path inside the folder, where it is, how big. */
export interface FoundFile {
  path: string;
  absolute: string;
  size: number;
}

/**
 * The folder a source may read, as its real absolute path: BAD_REQUEST when it does not exist, is not a
 * folder or cannot be read; FORBIDDEN when `allowedRoots` is given and it lies outside every one of them.
 */
export async function checkFolder(path: string, allowedRoots?: readonly string[]): Promise<string> {
  if (!isAbsolute(path) && path.trim() === '')
    throw new LoreError('BAD_REQUEST', 'The source path is empty.');
  const absolute = resolve(path);
  let real: string;
  try {
    real = await realpath(absolute);
  } catch (cause) {
    throw new LoreError(
      'BAD_REQUEST',
      `No folder at ${absolute} on the server: give the absolute path of a folder the server can read.`,
      { cause },
    );
  }
  const info = await stat(real);
  if (!info.isDirectory())
    throw new LoreError('BAD_REQUEST', `${absolute} is a file, not a folder: give the folder that holds it.`);
  try {
    await readdir(real);
  } catch (cause) {
    throw new LoreError(
      'BAD_REQUEST',
      `The server cannot read the folder ${absolute}: check its permissions.`,
      {
        cause,
      },
    );
  }
  if (allowedRoots && allowedRoots.length > 0) {
    const roots = await Promise.all(
      allowedRoots.map((root) => realpath(resolve(root)).catch(() => resolve(root))),
    );
    const inside = roots.some((root) => {
      const rest = relative(root, real);
      return rest === '' || (!rest.startsWith('..') && !isAbsolute(rest));
    });
    if (!inside)
      throw new LoreError(
        'FORBIDDEN',
        `${absolute} is outside the folders sources may lie in (sourceOptions.allowedRoots: ${allowedRoots.join(', ')}).`,
        { settings: ['sourceOptions.allowedRoots'] },
      );
  }
  return real;
}

/**
 * The files under `root` that Lore has a loader for, by name. Hidden entries (a leading `.`) are skipped,
 * and symbolic links are not followed (a link could lead out of the folder or round in a loop).
 */
export async function walkFolder(root: string): Promise<FoundFile[]> {
  const found: FoundFile[] = [];
  async function visit(folder: string): Promise<void> {
    const entries = await readdir(folder, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const absolute = join(folder, entry.name);
      if (entry.isDirectory()) await visit(absolute);
      else if (entry.isFile() && readableByName(entry.name)) {
        const info = await stat(absolute).catch(() => null);
        if (!info) continue; // removed while walking
        found.push({ path: relative(root, absolute).split(sep).join('/'), absolute, size: info.size });
      }
    }
  }
  await visit(root);
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** sha256 of a file's bytes, hex (as `contentHash` of the bytes), read as a stream; null when it vanished. */
export function hashFile(absolute: string): Promise<string | null> {
  return new Promise((resolveHash) => {
    const hash = createHash('sha256');
    createReadStream(absolute)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolveHash(hash.digest('hex')))
      .on('error', () => resolveHash(null));
  });
}
