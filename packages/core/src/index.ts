export * from './image/hdr-image.js';
export * from './image/ldr-image.js';
export * from './io/errors.js';
export * from './io/limits.js';
export * from './io/types.js';
