export { pixelsPerDegree, DEFAULT_DISPLAY as HDRVDP_DEFAULT_DISPLAY, type DisplayGeometry } from './ppd.js';
export { HdrVdpError, type HdrVdpErrorCode } from './errors.js';
export { ENCODINGS as HDRVDP_ENCODINGS, type HdrVdpEncoding, type HdrVdpTask, type HdrVdpVersion } from './encoding.js';
export { resolveHdrVdpOptions, type HdrVdpOptions, type HdrVdpSettings } from './options.js';
export { HdrVdpSession } from './session.js';
export { runHdrVdp, type HdrVdpPair, type HdrVdpProgress } from './run.js';
export { HDRVDP_METRIC_ID, HDRVDP_METRIC_VERSION, type HdrVdpResult, type HdrVdpSignature } from './result.js';
export { hdrVdpOptionsFromStrings, HDRVDP_SETTING_NAMES } from './settings-from-strings.js';
