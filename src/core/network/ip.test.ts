import { describe, expect, it } from "vitest";
import { formatIP, formatNet, lastAddress, netContains, networkAddress, nextIP, parseIP, parseIPNet } from "./ip.js";

const ip = (s: string) => {
  const v = parseIP(s);
  if (!v) throw new Error(`bad ${s}`);
  return v;
};

describe("IP addresses as Go's net package reads and prints them", () => {
  it("parses IPv4 without leading zeros and IPv6 with :: and a dotted tail", () => {
    expect(parseIP("10.0.0.1")).toEqual({ v6: false, n: 0x0a000001n });
    expect(parseIP("010.0.0.1")).toBeNull();
    expect(parseIP("256.0.0.1")).toBeNull();
    expect(parseIP("fd00::1")).toEqual({ v6: true, n: (0xfd00n << 112n) | 1n });
    expect(parseIP("::")).toEqual({ v6: true, n: 0n });
    expect(parseIP("1:2:3:4:5:6:7:8")?.n).toBe(0x00010002000300040005000600070008n);
    expect(parseIP("1::2::3")).toBeNull();
    expect(parseIP("1:2:3:4:5:6:7:8:9")).toBeNull();
    expect(parseIP("64:ff9b::10.0.0.1")?.n).toBe((0x64ff9bn << 96n) | 0x0a000001n);
  });

  it("reads an IPv4-mapped IPv6 address as IPv4 (Go's To4)", () => {
    expect(parseIP("::ffff:10.1.2.3")).toEqual({ v6: false, n: 0x0a010203n });
  });

  it("prints IPv6 in RFC 5952 form: the longest run of zero groups (first of equals, at least two) as ::", () => {
    expect(formatIP(ip("fd00:0:0:0:0:0:0:1"))).toBe("fd00::1");
    expect(formatIP(ip("1:0:0:2:0:0:0:3"))).toBe("1:0:0:2::3");
    expect(formatIP(ip("1:0:0:2:0:0:3:4"))).toBe("1::2:0:0:3:4");
    expect(formatIP(ip("1:0:2:3:4:5:6:7"))).toBe("1:0:2:3:4:5:6:7");
    expect(formatIP(ip("::"))).toBe("::");
    expect(formatIP(ip("FD00:99::A"))).toBe("fd00:99::a");
  });

  it("keeps a CIDR's address as written and derives network and last address", () => {
    const net = parseIPNet("10.99.0.5/29")!;
    expect(formatIP(net.ip)).toBe("10.99.0.5");
    expect(formatIP(networkAddress(net))).toBe("10.99.0.0");
    expect(formatIP(lastAddress(net))).toBe("10.99.0.7");
    expect(formatNet(net)).toBe("10.99.0.0/29");
    expect(netContains(net, ip("10.99.0.7"))).toBe(true);
    expect(netContains(net, ip("10.99.0.8"))).toBe(false);
    expect(netContains(net, ip("fd00::1"))).toBe(false);
    expect(formatIP(lastAddress(parseIPNet("fd00:99::/125")!))).toBe("fd00:99::7");
    expect(parseIPNet("10.0.0.0/33")).toBeNull();
    expect(parseIPNet("10.0.0.0")).toBeNull();
    expect(formatIP(nextIP(ip("10.0.0.255")))).toBe("10.0.1.0");
  });
});
