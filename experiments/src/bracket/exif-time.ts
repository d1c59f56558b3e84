import exifr from 'exifr';

/**
 * The EXIF ExposureTime of an image file in seconds, or undefined when the file has no EXIF, no such tag,
 * or a value that is not a positive number (some converters write 0 for "unknown").
 */
export async function exifExposureTime(path: string): Promise<number | undefined> {
  let tags: { ExposureTime?: unknown } | undefined;
  try {
    tags = (await exifr.parse(path, { pick: ['ExposureTime'] })) as { ExposureTime?: unknown } | undefined;
  } catch {
    // A file exifr cannot parse has no readable EXIF; decoding it reports what is wrong with it.
    return undefined;
  }
  const time = tags?.ExposureTime;
  return typeof time === 'number' && Number.isFinite(time) && time > 0 ? time : undefined;
}
