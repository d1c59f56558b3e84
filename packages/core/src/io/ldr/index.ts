export { decodeLdr, type DecodedLdr, type LdrDecodeOptions, type LdrFileInfo } from './read-ldr.js';
export { encodeLdr, type EncodeLdrOptions } from './write-ldr.js';
export { exposeToLdr, type DisplayEncoding, type ExposeOptions } from './hdr-to-ldr.js';
