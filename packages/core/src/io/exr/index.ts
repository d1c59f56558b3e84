export { decodeExr, readExrHeader } from './read-exr.js';
export { encodeExr, type ExrEncodeOptions } from './write-exr.js';
