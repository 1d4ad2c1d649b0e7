// ClusterIP and NodePort allocation: dynamic picks avoid the band kept for requested values, requested
// values are checked, and a full range says so in the API server's words.
import { describe, expect, it } from "vitest";
import type { Service } from "../api/network-types.js";
import { Rng } from "../engine/rng.js";
import { cidrContains, parseCidr, parseIPv4 } from "./ipv4.js";
import { ServiceAllocator } from "./service-allocator.js";

const svc = (name: string, spec: Partial<Service["spec"]> = {}): Service => ({ apiVersion: "v1", kind: "Service", metadata: { name }, spec: { ports: [{ port: 80 }], ...spec } });
const alloc = (cidr = "10.96.0.0/24", seed = 1) => new ServiceAllocator({ serviceCIDR: cidr, nodePortMin: 30000, nodePortMax: 30099 }, Rng.seeded(seed));

describe("ServiceAllocator", () => {
  it("gives dynamic cluster IPs from the upper band (above the first 16 of a /24) and node ports likewise", () => {
    const out = alloc().allocateAll(Array.from({ length: 50 }, (_, i) => svc(`s${i}`, { type: "NodePort" })));
    const ips = out.map((s) => parseIPv4(s.spec.clusterIP!)! - parseIPv4("10.96.0.0")!);
    expect(new Set(ips).size).toBe(50);
    for (const i of ips) expect(i).toBeGreaterThan(16);
    for (const s of out) expect(s.spec.ports![0]!.nodePort).toBeGreaterThanOrEqual(30016);
  });

  it("keeps requested values even when they come after dynamic ones in the list", () => {
    const out = alloc("10.96.0.0/29").allocateAll([svc("a"), svc("b"), svc("mine", { clusterIP: "10.96.0.3" })]);
    expect(out[2]!.spec.clusterIP).toBe("10.96.0.3");
    expect(new Set(out.map((s) => s.spec.clusterIP)).size).toBe(3);
    for (const s of out) expect(cidrContains(parseCidr("10.96.0.0/29")!, parseIPv4(s.spec.clusterIP!)!)).toBe(true);
  });

  it("never gives out the network or broadcast address, and reports a full range", () => {
    const a = alloc("10.96.0.0/30");
    const two = a.allocateAll([svc("a"), svc("b")]).map((s) => s.spec.clusterIP).sort();
    expect(two).toEqual(["10.96.0.1", "10.96.0.2"]);
    expect(() => a.fill(svc("c"))).toThrow("Service default/c: failed to allocate a serviceIP: range is full");
  });

  it("refuses a requested address outside the range or already taken", () => {
    expect(() => alloc().allocateAll([svc("x", { clusterIP: "10.97.0.1" })])).toThrow(
      'Service default/x: spec.clusterIP: Invalid value: "10.97.0.1": provided IP is not in the valid range. The range of valid IPs is 10.96.0.0/24',
    );
    expect(() => alloc().allocateAll([svc("x", { clusterIP: "10.96.0.5" }), svc("y", { clusterIP: "10.96.0.5" })])).toThrow("provided IP is already allocated");
    expect(() => alloc().allocateAll([svc("x", { type: "NodePort", ports: [{ port: 80, nodePort: 20000 }] })])).toThrow(
      "spec.ports[0].nodePort: Invalid value: 20000: provided port is not in the valid range. The range of valid ports is 30000-30099",
    );
  });

  it("is deterministic for a seed; headless and ExternalName services get no address", () => {
    const names = Array.from({ length: 5 }, (_, i) => svc(`s${i}`));
    expect(alloc("10.96.0.0/16", 3).allocateAll(names)).toEqual(alloc("10.96.0.0/16", 3).allocateAll(names));
    const [h, e] = alloc().allocateAll([svc("h", { clusterIP: "None" }), svc("e", { type: "ExternalName", externalName: "x.example" })]);
    expect(h!.spec.clusterIP).toBe("None");
    expect(e!.spec.clusterIP).toBeUndefined();
  });
});
