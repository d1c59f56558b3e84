/**
 * Scored files are written as 32-bit float: half floats overflow to infinity above 65504 (an expansion operator's
 * or a diverging model's highlights) and round values finely enough to move the protocol's 8-bit codes.
 */
export const FLOAT_EXR = { pixelType: 'float' } as const;
