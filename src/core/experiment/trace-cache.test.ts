// The per-process trace cache: a small trace is parsed once and replayed from memory with the same
// stats; a changed file is read again; pods handed out cannot be changed by a run.
import { mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { TracePod } from "../trace/index.js";
import { newReadStats } from "../trace/types.js";
import { tracePods } from "./trace-cache.js";

async function all(file: string, skipBadRows = false) {
  const stats = newReadStats();
  const pods: TracePod[] = [];
  for await (const p of await tracePods(file, "clusterlab", skipBadRows, stats)) pods.push(p);
  return { pods, stats };
}

describe("tracePods", () => {
  const dir = mkdtempSync(join(tmpdir(), "clusterlab-trace-cache-"));
  const file = join(dir, "pods.csv");

  it("parses a small file once: the same pods, the same stats, frozen", async () => {
    writeFileSync(file, "name,arrival_s,cpu_milli,memory_mib\na,1,100,64\nb,x,100,64\nc,3,100,64\n");
    const first = await all(file, true);
    const second = await all(file, true);
    expect(first.pods.map((p) => p.name)).toEqual(["a", "c"]);
    expect(second.pods[0]).toBe(first.pods[0]); // not parsed again
    expect(second.stats).toEqual(first.stats);
    expect(second.stats.badRows).toBe(1);
    expect(Object.isFrozen(second.pods[0])).toBe(true);
  });

  it("reads a changed file again, and keeps bad-row handling per reader options", async () => {
    writeFileSync(file, "name,arrival_s,cpu_milli,memory_mib\nd,1,100,64\n");
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect((await all(file, true)).pods.map((p) => p.name)).toEqual(["d"]);
    writeFileSync(file, "name,arrival_s,cpu_milli,memory_mib\ne,x,100,64\n");
    utimesSync(file, new Date(), new Date(Date.now() + 10000));
    await expect(all(file, false)).rejects.toThrow(/arrival_s/);
  });
});
