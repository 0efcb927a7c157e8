export * from './answer.js';
export * from './answering.js';
export * from './chat-pages.js';
export * from './citations.js';
export * from './generate-object.js';
export * from './prompt.js';
export * from './text-overlap.js';
