import { describe, expect, it } from "vitest";
import { Rng } from "../engine/rng.js";
import { inTreeRegistry } from "../../plugins/scheduling/index.js";
import { defaultSchedulerConfig } from "./config.js";
import { frameworkHandle } from "./handle.js";
import { buildProfile } from "./profile.js";
import { Snapshot } from "./snapshot.js";

describe("frameworkHandle", () => {
  it("a detached owner's defaults: time 0, binding succeeds without effect, no namespace but default", () => {
    const h = frameworkHandle({ snapshot: new Snapshot(), rng: Rng.seeded(1) });
    expect(h.now()).toBe(0);
    expect(h.nominatedPodsForNode("n")).toEqual([]);
    expect(h.namespaceLabels("default")).toEqual({});
    expect(h.namespaceLabels("other")).toBeUndefined();
    expect(() => h.framework.runFilterPlugins(null!, null!, null!)).toThrow(/framework is not built yet/);
  });

  it("parts replace the defaults", () => {
    const h = frameworkHandle({ snapshot: new Snapshot(), rng: Rng.seeded(1), now: () => 42 });
    expect(h.now()).toBe(42);
  });

  it("buildProfile attaches the framework it built to the handle the plugins got", () => {
    const cfg = defaultSchedulerConfig();
    const { framework, handle } = buildProfile(cfg, cfg.profiles[0]!, inTreeRegistry(), { snapshot: new Snapshot(), rng: Rng.seeded(1) });
    expect(handle.framework).toBe(framework);
    expect(framework.profileName).toBe("default-scheduler");
  });
});
