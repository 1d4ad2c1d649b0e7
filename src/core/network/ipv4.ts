/**
 * IPv4 addresses as unsigned 32-bit integers, and CIDR blocks: the service proxies compare addresses on
 * every routed packet, so they hold numbers, not strings.
 */

const OCTET = /^(0|[1-9][0-9]{0,2})$/;

/** The address as a uint32, or null when `s` is not a dotted quad (no leading zeros, as Go's net.ParseIP). */
export function parseIPv4(s: string): number | null {
  const parts = s.split(".");
  if (parts.length !== 4) return null;
  let v = 0;
  for (const p of parts) {
    if (!OCTET.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    v = v * 256 + n;
  }
  return v;
}

export function formatIPv4(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

export interface Cidr {
  /** The network address (host bits cleared). */
  readonly base: number;
  readonly prefix: number;
  /** Number of addresses in the block. */
  readonly size: number;
}

/** A block "a.b.c.d/n"; null when malformed. Host bits set in the address are cleared, as Go's ParseCIDR does. */
export function parseCidr(s: string): Cidr | null {
  const slash = s.indexOf("/");
  if (slash < 0) return null;
  const ip = parseIPv4(s.slice(0, slash));
  const bits = s.slice(slash + 1);
  if (ip === null || !/^(0|[1-9][0-9]?)$/.test(bits) || Number(bits) > 32) return null;
  const prefix = Number(bits);
  const size = 2 ** (32 - prefix);
  return { base: ip - (ip % size), prefix, size };
}

export function cidrContains(c: Cidr, ip: number): boolean {
  return ip >= c.base && ip < c.base + c.size;
}

export function formatCidr(c: Cidr): string {
  return `${formatIPv4(c.base)}/${c.prefix}`;
}
