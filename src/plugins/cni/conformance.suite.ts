/**
 * The CNI family's conformance suite: cases every simulated plugin runs (conformance.test.ts gives each a
 * realistic configuration). They are the spec's promises to a runtime: ADD then DEL leaves nothing held,
 * DEL may repeat and may name an attachment never added, CHECK passes after ADD, attachments of one
 * container are independent, VERSION lists the versions, results print in each version, bad
 * configurations fail as CNI errors (never as crashes), and the same calls give the same results.
 */
import { expect } from "vitest";
import { conformanceSuite } from "../../core/conformance.suite.js";
import type { CniCall } from "../../core/network/cni/args.js";
import { asCniError, CniError } from "../../core/network/cni/errors.js";
import { PluginHost } from "../../core/network/cni/host.js";
import type { CniPlugin, CniPluginInstance, PluginConf } from "../../core/network/cni/plugin.js";
import type { CniResult } from "../../core/network/cni/result.js";
import { parseResult, resultForVersion } from "../../core/network/cni/result.js";
import { execPlugin } from "../../core/network/cni/skel.js";
import { atLeast } from "../../core/network/cni/version.js";
import { inTreeCniRegistry } from "./index.js";

export interface CniFixture {
  readonly plugin: CniPlugin;
  /** A configuration as a network list would hand it to the plugin. */
  readonly conf: PluginConf;
  /** The previous plugin's result for chained plugins, given the call (null for first plugins). */
  readonly prev: ((call: CniCall) => CniResult) | null;
  /** Configurations the plugin must refuse. */
  readonly bad: readonly PluginConf[];
  /** Sets up a fresh host the way the plugin's node agent would (flanneld writing subnet.env). */
  readonly prepare?: (host: PluginHost) => void;
}

const call = (containerId: string, ifname = "eth0"): CniCall => ({ containerId, netns: `/var/run/netns/${containerId}`, ifname, args: "", path: "/opt/cni/bin" });

function fresh(f: CniFixture): { host: PluginHost; plugin: CniPluginInstance } {
  const host = new PluginHost(inTreeCniRegistry().with(inTreeCniRegistry().has(f.plugin.name) ? [] : [f.plugin]), false, "node-1");
  f.prepare?.(host);
  return { host, plugin: host.instance(f.plugin.name) };
}

const add = (f: CniFixture, p: CniPluginInstance, c: CniCall) => p.add(f.conf, c, f.prev?.(c) ?? null);
const del = (f: CniFixture, p: CniPluginInstance, c: CniCall) => p.del(f.conf, c, f.prev?.(c) ?? null);
const check = (f: CniFixture, p: CniPluginInstance, c: CniCall) => p.check(f.conf, c, f.prev?.(c) ?? null);

export const cniConformance = conformanceSuite<CniFixture>("CNI plugin", [
  {
    name: "ADD then DEL leaves nothing held",
    notApplicable: (f) => (fresh(f).plugin.held ? null : "the plugin holds no state (nothing to leave behind)"),
    run(f) {
      const { plugin } = fresh(f);
      for (const id of ["a", "b", "c"]) add(f, plugin, call(id));
      expect(plugin.held!()).toBeGreaterThan(0);
      for (const id of ["b", "a", "c"]) del(f, plugin, call(id));
      expect(plugin.held!()).toBe(0);
    },
  },
  {
    name: "DEL twice succeeds, and DEL of an attachment never added",
    run(f) {
      const { plugin } = fresh(f);
      add(f, plugin, call("a"));
      del(f, plugin, call("a"));
      del(f, plugin, call("a"));
      del(f, plugin, call("never-added"));
    },
  },
  {
    name: "CHECK after ADD passes",
    run(f) {
      const { plugin } = fresh(f);
      add(f, plugin, call("a"));
      check(f, plugin, call("a"));
    },
  },
  {
    name: "two interfaces of one container are independent attachments",
    run(f) {
      const { plugin } = fresh(f);
      add(f, plugin, call("a", "eth0"));
      add(f, plugin, call("a", "net1"));
      del(f, plugin, call("a", "eth0"));
      check(f, plugin, call("a", "net1"));
    },
  },
  {
    name: "VERSION lists the supported versions, 1.0.0 among them",
    run(f) {
      const { plugin } = fresh(f);
      const out = execPlugin(f.plugin, plugin, { CNI_COMMAND: "VERSION" }, "", "");
      expect(out.exitCode).toBe(0);
      const v = JSON.parse(out.stdout) as { cniVersion: string; supportedVersions: string[] };
      expect(v.supportedVersions).toEqual(f.plugin.supportedVersions);
      expect(v.supportedVersions).toContain("1.0.0");
    },
  },
  {
    name: "the ADD result prints in every supported version from 0.3.0 and reads back",
    run(f) {
      const { plugin } = fresh(f);
      const result = add(f, plugin, call("a"));
      for (const v of f.plugin.supportedVersions.filter((x) => atLeast(x, "0.3.0"))) {
        const printed = JSON.parse(JSON.stringify(resultForVersion(result, v))) as Record<string, unknown>;
        expect(printed.cniVersion).toBe(v);
        expect(parseResult(printed).ips?.map((i) => i.address)).toEqual(result.ips?.map((i) => i.address));
      }
    },
  },
  {
    name: "a bad configuration fails as a CNI error, never a crash",
    notApplicable: (f) => (f.bad.length ? null : "the plugin reads no configuration fields"),
    run(f) {
      for (const bad of f.bad) {
        const { plugin } = fresh(f);
        let thrown: unknown = null;
        try {
          plugin.add(bad, call("a"), f.prev?.(call("a")) ?? null);
        } catch (e) {
          thrown = e;
        }
        expect(thrown, JSON.stringify(bad)).not.toBeNull();
        expect(thrown).not.toBeInstanceOf(TypeError);
        expect(thrown).not.toBeInstanceOf(RangeError);
        expect(asCniError(thrown)).toBeInstanceOf(CniError);
      }
    },
  },
  {
    name: "the same calls on two hosts give the same results",
    run(f) {
      const one = fresh(f).plugin;
      const two = fresh(f).plugin;
      for (const id of ["a", "b"]) expect(JSON.stringify(add(f, one, call(id)))).toBe(JSON.stringify(add(f, two, call(id))));
    },
  },
]);
