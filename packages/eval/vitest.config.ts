import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@hdr-lab/source'] },
  ssr: { resolve: { conditions: ['@hdr-lab/source'] } },
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000, passWithNoTests: true },
});
