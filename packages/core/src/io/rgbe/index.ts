export { decodeRgbe, type RgbeDecodeOptions } from './read-rgbe.js';
export { encodeRgbe } from './write-rgbe.js';
export { parseRgbeHeader, parseResolution, type RgbeHeader, type RgbePixelFormat, type RgbeResolution } from './header.js';
