import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeHandle, makeNode, makePod, makeSnapshot, scoreAll } from "../scheduler/testing.js";
import { loadPluginFile, withUserPlugins } from "./load.js";
import { inTreeRegistry } from "../../plugins/scheduling/index.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");

describe("user plugin files", () => {
  it("loads the documented example and it scores as documented", async () => {
    const [m] = await loadPluginFile(join(ROOT, "examples/plugins/prefer-shared-gpus.js"));
    expect(m!.family).toBe("scheduling");
    const f = m!.factory;
    expect(f.name).toBe("PreferSharedGpus");
    const share = makePod({ name: "s", containers: [{ name: "c", resources: { requests: { cpu: "1", "clusterlab.io/gpu-milli": "500" } } }] });
    const used = makePod({ name: "u", nodeName: "busy", containers: [{ name: "c", resources: { requests: { cpu: "1", "clusterlab.io/gpu-milli": "300" } } }] });
    const snap = makeSnapshot(
      [makeNode({ name: "idle", allocatable: { cpu: "8", memory: "8Gi", "nvidia.com/gpu": "2" } }), makeNode({ name: "busy", allocatable: { cpu: "8", memory: "8Gi", "nvidia.com/gpu": "2" } })],
      [used],
    );
    const plugin = f.create(f.args(undefined, "args"), makeHandle(snap));
    expect(scoreAll(plugin, share, snap)).toEqual({ idle: 0, busy: 100 });
  });

  it("loads a .ts plugin (type-stripped) and adds it to the registry; a name clash is an error", async () => {
    const dir = mkdtempSync(join(ROOT, ".tmp-user-plugin-"));
    try {
      writeFileSync(
        join(dir, "mine.ts"),
        `import { definePlugin, type Plugin } from "clusterlab";\nconst p: Plugin = { name: "Mine", score: () => 42 };\nexport const Mine = definePlugin({ name: "Mine", description: "d", args: () => undefined, create: () => p });\n`,
      );
      const reg = await withUserPlugins(inTreeRegistry(), [join(dir, "mine.ts")]);
      expect(reg.get("Mine")?.description).toBe("d");
      expect(reg.has("NodeResourcesFit")).toBe(true);
      cpSync(join(dir, "mine.ts"), join(dir, "clash.ts"));
      writeFileSync(join(dir, "clash.ts"), `import { definePlugin } from "clusterlab";\nexport default definePlugin({ name: "NodeResourcesFit", description: "", args: () => undefined, create: () => ({ name: "x" }) });\n`);
      await expect(withUserPlugins(inTreeRegistry(), [join(dir, "clash.ts")])).rejects.toThrow(/already registered/);
      // A factory marked for a family this clusterlab lacks is refused, naming the file and the family.
      writeFileSync(
        join(dir, "cni.js"),
        `export default Object.defineProperty({ name: "MyCni", description: "", args: () => undefined, create: () => ({ name: "MyCni" }) }, Symbol.for("clusterlab.pluginFamily"), { value: "cni" });\n`,
      );
      await expect(withUserPlugins(inTreeRegistry(), [join(dir, "cni.js")])).rejects.toThrow(`${join(dir, "cni.js")}: plugin "MyCni" extends the cni family, which this clusterlab does not have`);
      // A plain factory-shaped object (no definePlugin) is a scheduling plugin.
      writeFileSync(join(dir, "plain.js"), `export default { name: "Plain", description: "", args: () => undefined, create: () => ({ name: "Plain" }) };\n`);
      expect((await loadPluginFile(join(dir, "plain.js")))[0]!.family).toBe("scheduling");
      writeFileSync(join(dir, "empty.js"), "export const x = 1;\n");
      await expect(loadPluginFile(join(dir, "empty.js"))).rejects.toThrow(/exports no plugin factory/);
    } finally {
      const { rmSync } = await import("node:fs");
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
