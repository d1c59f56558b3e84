import { expect } from 'vitest';
import { HdrFormatError } from '../../src/io/errors.js';

/** Runs `decode`, asserts it throws an HdrFormatError whose message matches `pattern`, and returns it. */
export function expectHdrFormatError(decode: () => unknown, pattern: RegExp): HdrFormatError {
  let caught: unknown;
  try {
    decode();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(HdrFormatError);
  expect((caught as Error).message).toMatch(pattern);
  return caught as HdrFormatError;
}
