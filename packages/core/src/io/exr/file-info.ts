import type { HdrFileInfo } from '../types.js';
import { ExrLevelMode, ExrRoundingMode, type Box2i, type ExrAttribute } from './attributes.js';
import type { ExrBlockGrid } from './block-grid.js';
import type { ChannelSelection } from './channel-selection.js';
import { ExrLineOrder, type ExrHeader } from './header.js';

type Details = Record<string, string | number | boolean>;

const LINE_ORDERS: Readonly<Record<ExrLineOrder, string>> = {
  [ExrLineOrder.Increasing]: 'increasing',
  [ExrLineOrder.Decreasing]: 'decreasing',
  [ExrLineOrder.Random]: 'random',
};

const LEVEL_MODES: Readonly<Record<ExrLevelMode, string>> = {
  [ExrLevelMode.OneLevel]: 'one',
  [ExrLevelMode.Mipmap]: 'mipmap',
  [ExrLevelMode.Ripmap]: 'ripmap',
};

/** Standard optional attributes worth showing a user, when present with their standard type. */
const REPORTED_ATTRIBUTES: Readonly<Record<string, string>> = {
  chromaticities: 'chromaticities',
  whiteLuminance: 'float',
  adoptedNeutral: 'v2f',
  pixelAspectRatio: 'float',
  owner: 'string',
  comments: 'string',
  capDate: 'string',
  utcOffset: 'float',
  longitude: 'float',
  latitude: 'float',
  altitude: 'float',
  focus: 'float',
  expTime: 'float',
  aperture: 'float',
  isoSpeed: 'float',
  exposure: 'float',
  framesPerSecond: 'rational',
  xDensity: 'float',
  envmap: 'envmap',
  wrapmodes: 'string',
  multiView: 'stringvector',
};

function formatBox(box: Box2i): string {
  return `${box.xMin},${box.yMin},${box.xMax},${box.yMax}`;
}

function formatAttribute(attribute: ExrAttribute): string | number | undefined {
  const { type, value } = attribute;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (!Array.isArray(value)) return undefined;
  return type === 'rational' ? `${value[0]}/${value[1]}` : value.join(',');
}

function tilingDetails(header: ExrHeader, grid: ExrBlockGrid, details: Details): void {
  const { tiles } = header;
  if (tiles === undefined) return;
  details.tileSize = `${tiles.width}x${tiles.height}`;
  details.levelMode = LEVEL_MODES[tiles.levelMode];
  if (tiles.levelMode !== ExrLevelMode.OneLevel) {
    details.levelRounding = tiles.roundingMode === ExrRoundingMode.Up ? 'up' : 'down';
    details.levels = grid.levels;
    details.levelRead = 'only level 0 (full resolution) is decoded';
  }
}

/** What an OpenEXR file says about itself, for {@link HdrFileInfo}. */
export function exrFileInfo(
  header: ExrHeader,
  selection: ChannelSelection,
  grid: ExrBlockGrid,
  extra: Details = {},
): HdrFileInfo {
  const details: Details = { tiled: header.tiled };
  tilingDetails(header, grid, details);
  details.lineOrder = LINE_ORDERS[header.lineOrder];
  details.dataWindow = formatBox(header.dataWindow);
  details.displayWindow = formatBox(header.displayWindow);
  details.decodedChannels = selection.decodedNames.join(',');
  if (selection.layer !== '') details.layer = selection.layer;
  if (selection.droppedAlpha !== undefined) details.droppedChannels = selection.droppedAlpha;
  for (const [name, type] of Object.entries(REPORTED_ATTRIBUTES)) {
    const attribute = header.attributes.get(name);
    if (attribute?.type !== type) continue;
    const value = formatAttribute(attribute);
    if (value !== undefined) details[name] = value;
  }
  Object.assign(details, extra);
  return {
    format: 'exr',
    width: header.width,
    height: header.height,
    channels: selection.channels,
    channelNames: header.channels.map((channel) => channel.name),
    pixelType: selection.pixelType,
    compression: header.compression.name,
    details,
  };
}
