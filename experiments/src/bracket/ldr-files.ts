import { basename, extname } from 'node:path';

/** Extensions of the exposures a bracket is made of: display-referred 8/16-bit images. */
export const LDR_EXTENSIONS: readonly string[] = ['.png', '.jpg', '.jpeg', '.tif', '.tiff'];

/** Extensions of HDR images: a scene folder's ground truth, never an exposure. */
export const HDR_EXTENSIONS: readonly string[] = ['.hdr', '.rgbe', '.pic', '.exr', '.pfm'];

const hasExtension = (name: string, extensions: readonly string[]): boolean => extensions.includes(extname(name).toLowerCase());

/**
 * Whether a folder entry is an exposure. Names starting with a dot are skipped: macOS leaves `._name.tif`
 * resource forks beside every file of an archive it wrote, with the image's extension but no image inside.
 */
export const isLdrName = (name: string): boolean => !basename(name).startsWith('.') && hasExtension(name, LDR_EXTENSIONS);

export const isHdrName = (name: string): boolean => !basename(name).startsWith('.') && hasExtension(name, HDR_EXTENSIONS);

const collator = new Intl.Collator('en', { numeric: true });

/** File-name order as a file browser shows it (`img2` before `img10`), the order sidecars list times in. */
export const compareNames = (a: string, b: string): number => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
