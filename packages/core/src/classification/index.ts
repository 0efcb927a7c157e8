export { type ClassifyOptions, type ClassifyResult, classifyWithModel, softmax } from './classify.js';
