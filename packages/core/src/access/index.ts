export { type Access, canSeeCollection, currentAccess, fullAccess, runWithAccess } from './access-context.js';
export { API_KEY_SCOPES, type ApiKeyInfo, type ApiKeys, createApiKeys } from './api-keys.js';
export { createScopedLore } from './scoped-lore.js';
