import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { LoreError } from './errors.js';

/** Held while a process owns a data folder; `release()` gives it up. */
export interface DataDirLock {
  release(): Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the data folder for this process. Embedded PGlite must never be opened by two processes,
 * so a second Lore on the same folder gets a clear error instead of a corrupt database.
 * A lock left by a process that died (kill -9) is taken over.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, 'lore.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return { release: () => rm(path, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new LoreError('STORAGE', `Cannot write to the data folder ${dataDir}: check its permissions.`, {
          cause: error,
        });
      }
      const owner = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
        throw new LoreError(
          'CONFLICT',
          `The data folder ${dataDir} is in use by another Lore process (pid ${owner}). Stop it, or set dataDir to another folder.`,
          { settings: ['dataDir'] },
        );
      }
      await rm(path, { force: true });
    }
  }
  throw new LoreError('CONFLICT', `Could not lock the data folder ${dataDir}; try again.`);
}
