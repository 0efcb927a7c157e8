import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { LoreError } from '../errors.js';

/** A file on disk to ingest; it is read when `ingest` is called. */
export interface FilePathInput {
  path: string;
  title?: string;
  key?: string;
  metadata?: Record<string, unknown>;
}

/** Reads a file input into bytes; a missing or unreadable file is the caller's mistake (BAD_REQUEST). */
export async function readFileInput(input: FilePathInput) {
  try {
    const bytes = new Uint8Array(await readFile(input.path));
    const { path: _path, ...rest } = input;
    return { ...rest, bytes, fileName: basename(input.path) };
  } catch (cause) {
    throw new LoreError('BAD_REQUEST', `Cannot read ${input.path}: pass the path of a readable file.`, {
      cause,
    });
  }
}
