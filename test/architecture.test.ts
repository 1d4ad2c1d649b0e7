/**
 * Layering, checked on the sources: plugins and the scheduler core depend on neither an experiment kind
 * (core/fill) nor the experiment runner (core/experiment), so a plugin family can be used by any kind of run;
 * core reaches the plugins only through what the composition root (src/cli) hands it; and plugins are
 * loaded from the task and the experiment, never from the environment.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers.js";

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : e.name.endsWith(".ts") ? [p] : [];
  });
}

/** Import specifiers of a TypeScript file (static `from "…"` and dynamic `import("…")`). */
function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*)"([^"]+)"/g)].map((m) => m[1]!);
}

/** Files under `folders` that import a module under any of `forbidden` (folders relative to src/). */
function offenders(folders: string[], forbidden: string[]): string[] {
  const src = join(ROOT, "src");
  const out: string[] = [];
  for (const folder of folders) {
    for (const f of tsFiles(join(src, folder))) {
      for (const spec of imports(f)) {
        if (!spec.startsWith(".")) continue;
        const target = relative(src, join(f, "..", spec));
        if (forbidden.some((x) => target === x || target.startsWith(`${x}/`))) out.push(`${relative(ROOT, f)} imports ${spec}`);
      }
    }
  }
  return out;
}

describe("architecture", () => {
  it("no file under src/plugins or the scheduler core imports core/fill or core/experiment", () => {
    expect(offenders(["plugins", "core/scheduler", "core/api", "core/engine"], ["core/fill", "core/experiment"])).toEqual([]);
  });

  it("the check finds such an import when there is one", () => {
    // src/cli imports the experiment runner: the same walk must report it.
    expect(offenders(["cli"], ["core/experiment"]).length).toBeGreaterThan(0);
  });

  it("no non-test file under src/core imports, or names the path of, src/plugins", () => {
    const src = join(ROOT, "src");
    const found = offenders(["core"], ["plugins"]).filter((x) => !/\.(test|suite)\.ts /.test(x));
    for (const f of tsFiles(join(src, "core"))) {
      if (/\.(test|suite)\.ts$/.test(f)) continue;
      for (const line of readFileSync(f, "utf8").split("\n")) {
        if (/["'`][^"'`]*plugins\/scheduling[^"'`]*["'`]/.test(line)) found.push(`${relative(ROOT, f)} names ${line.trim()}`);
      }
    }
    expect(found).toEqual([]);
  });

  it("plugin loading reads no environment variable", () => {
    const files = [
      ...tsFiles(join(ROOT, "src", "plugins")),
      ...tsFiles(join(ROOT, "src", "core", "plugin-files")),
      join(ROOT, "src", "core", "experiment", "worker.ts"),
      join(ROOT, "src", "core", "experiment", "sweep.ts"),
      join(ROOT, "src", "core", "fill", "batch.ts"),
      join(ROOT, "src", "core", "experiment", "driver.ts"),
      join(ROOT, "src", "cli", "run-worker.ts"),
    ].filter((f) => !/\.(test|suite)\.ts$/.test(f));
    expect(files.filter((f) => readFileSync(f, "utf8").includes("process.env")).map((f) => relative(ROOT, f))).toEqual([]);
  });
});
