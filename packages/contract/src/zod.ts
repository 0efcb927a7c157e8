import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

// `.openapi()` names a schema in /openapi.json; @hono/zod-openapi extends the same zod (a no-op twice).
extendZodWithOpenApi(z);

export { z };
