/**
 * IPv4 and IPv6 addresses as bigints, parsed and printed as Go's net package does (CNI plugins are Go
 * programs, and their results and on-disk state hold Go's spelling): IPv6 printed in RFC 5952 form, and an
 * IPv4-mapped IPv6 address treated as the IPv4 address (Go's To4). The service proxies, which route on
 * every packet, keep the uint32 form of ipv4.ts, whose dotted-quad rules this file uses.
 */
import { formatIPv4, parseIPv4 } from "./ipv4.js";

export interface IP {
  readonly v6: boolean;
  readonly n: bigint;
}

export interface IPNet {
  /** The address as written (host bits may be set, as Go's ParseCIDR keeps them). */
  readonly ip: IP;
  readonly prefix: number;
}

const HEXTET = /^[0-9a-fA-F]{1,4}$/;

export function bits(ip: IP): number {
  return ip.v6 ? 128 : 32;
}

/** Dotted quad by the proxies' parser (Go's rules: no leading zeros). */
function parseV4(s: string): bigint | null {
  const v = parseIPv4(s);
  return v === null ? null : BigInt(v);
}

function parseV6(s: string): bigint | null {
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const groups = (h: string): bigint[] | null => {
    if (h === "") return [];
    const out: bigint[] = [];
    const parts = h.split(":");
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (i === parts.length - 1 && p.includes(".")) {
        const v4 = parseV4(p);
        if (v4 === null) return null;
        out.push(v4 >> 16n, v4 & 0xffffn);
      } else if (HEXTET.test(p)) out.push(BigInt(`0x${p}`));
      else return null;
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return null;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return null;
  let v = 0n;
  for (const g of [...head, ...Array<bigint>(halves.length === 2 ? fill : 0).fill(0n), ...tail]) v = (v << 16n) | g;
  return v;
}

/** `s` as an address, or null (Go's net.ParseIP; IPv4-mapped IPv6 reads as IPv4). */
export function parseIP(s: string): IP | null {
  if (s.includes(":")) {
    const n = parseV6(s);
    if (n === null) return null;
    return n >> 32n === 0xffffn ? { v6: false, n: n & 0xffffffffn } : { v6: true, n };
  }
  const n = parseV4(s);
  return n === null ? null : { v6: false, n };
}

/** "a.b.c.d/n" or "x::y/n" (Go's net.ParseCIDR, address kept as written), or null. */
export function parseIPNet(s: string): IPNet | null {
  const slash = s.indexOf("/");
  if (slash < 0) return null;
  const text = s.slice(0, slash);
  const ip = parseIP(text);
  const p = s.slice(slash + 1);
  if (!ip || !/^(0|[1-9][0-9]{0,2})$/.test(p)) return null;
  // A mapped address written in IPv6 form keeps an IPv6 prefix length (Go checks the written form's length).
  const written = text.includes(":") ? 128 : 32;
  const prefix = Number(p);
  if (prefix > written) return null;
  return { ip, prefix: ip.v6 || written === 32 ? prefix : Math.max(0, prefix - 96) };
}

export function formatIP(ip: IP): string {
  if (!ip.v6) return formatIPv4(Number(ip.n));
  const g: number[] = [];
  for (let i = 7; i >= 0; i--) g.push(Number((ip.n >> BigInt(16 * i)) & 0xffffn));
  // The longest run of two or more zero groups (the first of equal runs) becomes "::".
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (a: number[]) => a.map((x) => x.toString(16)).join(":");
  if (best < 0) return hex(g);
  return `${hex(g.slice(0, best))}::${hex(g.slice(best + bestLen))}`;
}

/** The network's mask as a bigint of `bits(ip)` bits. */
export function mask(net: IPNet): bigint {
  const total = BigInt(bits(net.ip));
  return ((1n << total) - 1n) ^ ((1n << (total - BigInt(net.prefix))) - 1n);
}

/** The network address (host bits cleared). */
export function networkAddress(net: IPNet): IP {
  return { v6: net.ip.v6, n: net.ip.n & mask(net) };
}

/** The last address of the network (all host bits set). */
export function lastAddress(net: IPNet): IP {
  return { v6: net.ip.v6, n: net.ip.n | (((1n << BigInt(bits(net.ip))) - 1n) ^ mask(net)) };
}

export function netContains(net: IPNet, ip: IP): boolean {
  return ip.v6 === net.ip.v6 && (ip.n & mask(net)) === (net.ip.n & mask(net));
}

/** "network/prefix" with the network address (Go's IPNet.String of a parsed CIDR's network). */
export function formatNet(net: IPNet): string {
  return `${formatIP(networkAddress(net))}/${net.prefix}`;
}

export function ipEqual(a: IP, b: IP): boolean {
  return a.v6 === b.v6 && a.n === b.n;
}

export function nextIP(ip: IP): IP {
  const max = (1n << BigInt(bits(ip))) - 1n;
  return { v6: ip.v6, n: ip.n === max ? 0n : ip.n + 1n };
}
