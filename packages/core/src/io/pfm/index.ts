export { decodePfm } from './read-pfm.js';
export { encodePfm, type PfmEncodeOptions } from './write-pfm.js';
