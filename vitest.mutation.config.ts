// The unit tests StrykerJS runs against each mutant (`npm run test:mutation`): src/ only. The end-to-end
// tests in test/ drive the built CLI in dist/, which a mutant of src/ never reaches, and the reduced FGD
// reproduction takes ~12 s per run; the plugins' hand-computed and upstream-ported cases cover the same code.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    exclude: ["src/core/fill/fgd-reproduction.test.ts"],
    setupFiles: ["reflect-metadata"],
    environment: "node",
    testTimeout: 60_000,
  },
});
