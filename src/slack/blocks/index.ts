export * from './builders.js';
export * from './inputs.js';
export * from './limits.js';
export * from './message.js';
