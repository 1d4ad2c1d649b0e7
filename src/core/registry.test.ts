import { describe, expect, it } from "vitest";
import { Registry } from "./registry.js";

const a = { name: "a", v: 1 };
const b = { name: "b", v: 2 };

describe("Registry", () => {
  it("keeps members in registration order and reads like a map", () => {
    const r = new Registry("thing", [b, a]);
    expect(r.names()).toEqual(["b", "a"]);
    expect(r.size).toBe(2);
    expect(r.get("a")).toBe(a);
    expect(r.has("c")).toBe(false);
    expect(new Map(r)).toEqual(new Map([["b", b], ["a", a]]));
  });

  it("refuses a second member of the same name instead of replacing the first", () => {
    const r = new Registry("scheduling plugin", [a]);
    expect(() => r.register({ name: "a", v: 9 })).toThrow('scheduling plugin "a" is already registered');
    expect(r.get("a")).toBe(a);
    expect(() => new Registry("thing", [a, a])).toThrow('thing "a" is already registered');
  });

  it("an unknown name lists the known ones", () => {
    expect(() => new Registry("trace format", [a, b]).lookup("c")).toThrow('unknown trace format "c" (known: a, b)');
  });

  it("with() returns a new registry and keeps the duplicate rule", () => {
    const base = new Registry("thing", [a]);
    const more = base.with([b]);
    expect(more.names()).toEqual(["a", "b"]);
    expect(base.names()).toEqual(["a"]);
    expect(() => base.with([{ name: "a", v: 3 }])).toThrow('thing "a" is already registered');
  });

  it("the in-tree scheduling plugins and the trace formats are registries", async () => {
    const { inTreeRegistry } = await import("../plugins/scheduling/index.js");
    const { traceFormats } = await import("./trace/formats.js");
    expect(inTreeRegistry()).toBeInstanceOf(Registry);
    expect(inTreeRegistry().has("NodeResourcesFit")).toBe(true);
    expect(traceFormats().map((f) => f.name)).toEqual(["openb", "clusterlab", "alibaba-dlrm-2025", "google-2011", "alibaba-2018"]);
  });
});
