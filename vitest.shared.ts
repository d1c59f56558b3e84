import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * The vitest settings every package shares. Packages resolve each other's TypeScript sources through the
 * `@hdr-lab/source` export condition, so tests never need a build. Under CI each package also writes a JSON
 * report that `.ci/run` sums into one closing line.
 */
export function packageTestConfig(name: string, options: { passWithNoTests?: boolean } = {}) {
  const ci = Boolean(process.env.CI);
  return defineConfig({
    resolve: { conditions: ['@hdr-lab/source'] },
    ssr: { resolve: { conditions: ['@hdr-lab/source'] } },
    test: {
      include: ['test/**/*.test.ts'],
      testTimeout: 60_000,
      passWithNoTests: options.passWithNoTests ?? false,
      reporters: ci ? ['default', 'json'] : ['default'],
      ...(ci ? { outputFile: { json: join(import.meta.dirname, 'test-results', `${name}.json`) } } : {}),
    },
  });
}
