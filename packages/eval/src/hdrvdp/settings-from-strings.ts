import { ParamError } from '@hdr-lab/core';
import type { HdrVdpOptions } from './options.js';

const STRING_KEYS = ['checkout', 'interpreter', 'executable', 'version', 'encoding', 'task', 'compat', 'tempDir'] as const;
const NUMBER_KEYS = ['peakNits', 'ppd', 'timeoutSeconds'] as const;

/** The settings `hdr-vdp.NAME=VALUE` accepts. */
export const HDRVDP_SETTING_NAMES = [...STRING_KEYS, ...NUMBER_KEYS, 'display'] as const;

/**
 * HDR-VDP options from `NAME=VALUE` strings (command line `--param hdr-vdp.NAME=VALUE`): numbers parsed,
 * `display` written DIAGONAL_INCHES,WIDTHxHEIGHT,DISTANCE_METRES (e.g. 24,1920x1200,0.5); every value is
 * then checked by resolveHdrVdpOptions.
 */
export function hdrVdpOptionsFromStrings(settings: Readonly<Record<string, string>>): HdrVdpOptions {
  const options: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(settings)) {
    const path = `metrics.hdr-vdp.${name}`;
    if ((STRING_KEYS as readonly string[]).includes(name)) {
      options[name] = value;
    } else if ((NUMBER_KEYS as readonly string[]).includes(name)) {
      const number = Number(value);
      if (value.trim() === '' || !Number.isFinite(number)) throw new ParamError(path, `expected a number, got '${value}'`);
      options[name] = number;
    } else if (name === 'display') {
      const match = /^\s*([\d.]+)\s*,\s*(\d+)x(\d+)\s*,\s*([\d.]+)\s*$/.exec(value);
      if (!match) throw new ParamError(path, `expected DIAGONAL_INCHES,WIDTHxHEIGHT,DISTANCE_METRES such as 24,1920x1200,0.5, got '${value}'`);
      options[name] = { diagonalInches: Number(match[1]), resolution: [Number(match[2]), Number(match[3])], distanceMetres: Number(match[4]) };
    } else {
      throw new ParamError(path, `unknown option; HDR-VDP takes ${HDRVDP_SETTING_NAMES.join(', ')}`);
    }
  }
  return options as HdrVdpOptions;
}
