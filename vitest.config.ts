// Two groups run one after the other: the pipeline's tests, then the review page's (a server,
// a page renderer and headless Chromium), which would otherwise load the two cores while the
// pipeline's timed tests run.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'pipeline', include: ['test/**/*.test.ts'], exclude: ['test/serve-*.test.ts'], sequence: { groupOrder: 0 } } },
      { test: { name: 'serve', include: ['test/serve-*.test.ts'], fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
