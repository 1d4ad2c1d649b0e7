import { describe, expect, it } from "vitest";
import { CidrSet } from "./cidr-set.js";
import { parseIPNet } from "./ip.js";

describe("CidrSet (the node IPAM controller's allocator)", () => {
  it("hands out node blocks in order, round-robin after a release, and reports exhaustion with upstream's message", () => {
    const s = new CidrSet(parseIPNet("10.244.0.0/22")!, 24);
    expect([s.allocateNext(), s.allocateNext(), s.allocateNext()]).toEqual(["10.244.0.0/24", "10.244.1.0/24", "10.244.2.0/24"]);
    s.release("10.244.1.0/24");
    expect(s.allocateNext()).toBe("10.244.3.0/24");
    expect(s.allocateNext()).toBe("10.244.1.0/24");
    expect(() => s.allocateNext()).toThrow("CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range");
    expect(s.allocatedCount).toBe(4);
  });

  it("occupies nodes' existing podCIDRs and refuses a cluster/node mask difference above 16", () => {
    const s = new CidrSet(parseIPNet("10.244.0.0/23")!, 24);
    s.occupy("10.244.0.0/24");
    expect(s.allocateNext()).toBe("10.244.1.0/24");
    expect(() => new CidrSet(parseIPNet("10.0.0.0/8")!, 25)).toThrow("New CIDR set failed; the node CIDR size is too big");
    expect(new CidrSet(parseIPNet("fd00:10::/56")!, 64).allocateNext()).toBe("fd00:10::/64");
  });
});
