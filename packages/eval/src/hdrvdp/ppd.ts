/** A display and where the observer sits: what fixes the angular resolution HDR-VDP needs. */
export interface DisplayGeometry {
  readonly diagonalInches: number;
  /** Width and height in pixels. */
  readonly resolution: readonly [number, number];
  readonly distanceMetres: number;
}

/** 24" 1920x1200 monitor seen from 0.5 m: 33.5102 pixels per degree, the framework's default. */
export const DEFAULT_DISPLAY: DisplayGeometry = { diagonalInches: 24, resolution: [1920, 1200], distanceMetres: 0.5 };

/**
 * Pixels per visual degree as hdrvdp_pix_per_deg computes it: square pixels, the display height from the
 * diagonal and aspect ratio, and the angle that height subtends at the viewing distance.
 */
export function pixelsPerDegree({ diagonalInches, resolution: [width, height], distanceMetres }: DisplayGeometry): number {
  const aspect = width / height;
  const heightMm = Math.sqrt((25.4 * diagonalInches) ** 2 / (1 + aspect ** 2));
  const heightDegrees = (2 * Math.atan(heightMm / (2000 * distanceMetres)) * 180) / Math.PI;
  return height / heightDegrees;
}
