import { describe, expect, it } from "vitest";
import { cidrContains, formatCidr, formatIPv4, parseCidr, parseIPv4 } from "./ipv4.js";

describe("IPv4 addresses", () => {
  it("round-trips dotted quads through uint32", () => {
    expect(parseIPv4("10.180.0.4")).toBe(10 * 2 ** 24 + 180 * 2 ** 16 + 4);
    expect(parseIPv4("255.255.255.255")).toBe(2 ** 32 - 1);
    expect(formatIPv4(parseIPv4("172.30.0.44")!)).toBe("172.30.0.44");
  });
  it.each(["1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "a.b.c.d", "", "1.2.3.-1", "fd00::1"])("rejects %j", (s) => {
    expect(parseIPv4(s)).toBeNull();
  });
});

describe("CIDR blocks", () => {
  it("clears host bits and tests membership at both edges", () => {
    const c = parseCidr("10.96.1.7/16")!;
    expect(formatCidr(c)).toBe("10.96.0.0/16");
    expect(cidrContains(c, parseIPv4("10.96.0.0")!)).toBe(true);
    expect(cidrContains(c, parseIPv4("10.96.255.255")!)).toBe(true);
    expect(cidrContains(c, parseIPv4("10.97.0.0")!)).toBe(false);
    expect(cidrContains(c, parseIPv4("10.95.255.255")!)).toBe(false);
  });
  it("handles /0 and /32", () => {
    expect(cidrContains(parseCidr("0.0.0.0/0")!, parseIPv4("203.0.113.9")!)).toBe(true);
    const host = parseCidr("1.2.3.4/32")!;
    expect(host.size).toBe(1);
    expect(cidrContains(host, parseIPv4("1.2.3.5")!)).toBe(false);
  });
  it.each(["10.0.0.0", "10.0.0.0/33", "10.0.0.0/08", "10.0.0/8", "10.0.0.0/"])("rejects %j", (s) => {
    expect(parseCidr(s)).toBeNull();
  });
});
