/**
 * Researchers' own scheduling plugins, loaded from files named in an experiment: a `.js`/`.mjs` ES module,
 * or a `.ts` module (type-stripped with TypeScript's transpileModule, so it may import packages such as
 * "clusterlab" but not other local .ts files). The module exports one factory made with `definePlugin`
 * (default export, or named exports that are factories); each is added to the registry by its name,
 * usable from KubeSchedulerConfiguration like any in-tree plugin.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import { basename, dirname, join } from "node:path";
import { existsSync } from "node:fs";
import { register } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { InputError } from "../errors.js";
import { inputFileProblem } from "../util/input-file.js";
import { PLUGIN_FAMILY, type PluginFactory } from "../scheduler/framework.js";
import { Registry } from "../registry.js";
import type { PluginRegistry } from "../scheduler/profile.js";

function isFactory(x: unknown): x is PluginFactory<unknown> {
  const f = x as PluginFactory<unknown> | null;
  return !!f && typeof f === "object" && typeof f.name === "string" && typeof f.create === "function" && typeof f.args === "function";
}

let resolverRegistered = false;

/**
 * Makes `import … from "clusterlab"` in plugin files resolve to this clusterlab (once per thread: worker
 * threads load their plugins themselves). Only for the compiled package: tests running the sources
 * load plugins through their own resolver.
 */
function registerClusterlabResolver(): void {
  if (resolverRegistered) return;
  resolverRegistered = true;
  const hook = new URL("./clusterlab-resolver.js", import.meta.url);
  if (!import.meta.url.endsWith(".js") || !existsSync(fileURLToPath(hook))) return;
  register(hook, { data: { url: new URL("../../index.js", import.meta.url).href } });
}

async function importModule(file: string): Promise<Record<string, unknown>> {
  registerClusterlabResolver();
  let url = pathToFileURL(file).href;
  if (file.endsWith(".ts") || file.endsWith(".mts")) {
    let ts: typeof import("typescript");
    try {
      ts = (await import("typescript")).default;
    } catch {
      throw new InputError(`${file}: loading a .ts plugin needs the "typescript" package; compile it to .js or install typescript`);
    }
    const src = await readFile(file, "utf8");
    const out = ts.transpileModule(src, {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
    });
    // Beside the source, so package imports resolve from the user's project as they would for the .ts file.
    const hash = createHash("sha256").update(out.outputText).digest("hex").slice(0, 12);
    const dir = join(dirname(file), ".clusterlab-cache");
    await mkdir(dir, { recursive: true });
    const js = join(dir, `${basename(file).replace(/\.m?ts$/, "")}-${hash}.mjs`);
    await writeFile(js, out.outputText);
    url = pathToFileURL(js).href;
  }
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (e) {
    throw new InputError(`${file}: cannot load plugin module: ${(e as Error).message.split("\n")[0]}`);
  }
}

/** An export of a plugin module and the family it extends. */
export interface PluginModuleMember {
  family: string;
  factory: PluginFactory<unknown>;
}

/**
 * Loads the plugin factories a module file exports, each with its family: the one definePlugin (or a
 * later family's counterpart) marked; a factory-shaped object without a mark is a scheduling plugin.
 */
export async function loadPluginFile(file: string): Promise<PluginModuleMember[]> {
  const problem = inputFileProblem(file);
  if (problem) throw new InputError(`${file}: ${problem} (a plugin module)`);
  const mod = await importModule(file);
  const found = isFactory(mod.default) ? [mod.default] : Object.values(mod).filter(isFactory);
  if (found.length === 0) {
    throw new InputError(`${file}: exports no plugin factory (export default definePlugin({ name, description, args, create }))`);
  }
  return found.map((factory) => ({ family: (factory as { [PLUGIN_FAMILY]?: string })[PLUGIN_FAMILY] ?? "scheduling", factory }));
}

/** The scheduling registry plus the scheduling plugins of `files`; a name already taken is an error naming the file. */
export async function withUserPlugins(base: PluginRegistry, files: readonly string[]): Promise<PluginRegistry> {
  let out = base;
  for (const file of files) {
    for (const { family, factory } of await loadPluginFile(file)) {
      if (family !== "scheduling") throw new InputError(`${file}: plugin "${factory.name}" extends the ${family} family, which this clusterlab does not have`);
      if (out.has(factory.name)) throw new InputError(`${file}: plugin "${factory.name}" is already registered (pick another name)`);
      out = out instanceof Registry ? out.with([factory]) : new Map([...out, [factory.name, factory]]);
    }
  }
  return out;
}
