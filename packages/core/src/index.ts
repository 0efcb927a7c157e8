export * from './errors.js';
export type * from './spec/index.js';
