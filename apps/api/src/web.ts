import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The web UI's folder inside the repository (`apps/web/public`). */
export const defaultWebRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../web/public');
