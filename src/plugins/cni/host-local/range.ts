/**
 * host-local's address ranges and range sets, as the reference plugin canonicalizes and checks them
 * (containernetworking/plugins plugins/ipam/host-local/backend/allocator/range.go, range_set.go): the
 * gateway defaults to the network's first address, the range to everything after it up to the last
 * address (IPv4: before the broadcast), and /31, /32 (/127, /128) networks are refused.
 */
import { bits, formatIP, lastAddress, netContains, networkAddress, nextIP, type IP, type IPNet } from "../../../core/network/ip.js";

export interface Range {
  readonly subnet: IPNet;
  readonly rangeStart: IP;
  readonly rangeEnd: IP;
  readonly gateway: IP;
}

export type RangeSet = readonly Range[];

/** A range as written: any field may be missing. */
export interface RangeInput {
  readonly subnet: IPNet | null;
  readonly rangeStart: IP | null;
  readonly rangeEnd: IP | null;
  readonly gateway: IP | null;
}

const subnetText = (n: IPNet) => `${formatIP(n.ip)}/${n.prefix}`;

function within(r: { subnet: IPNet; rangeStart: IP | null; rangeEnd: IP | null }, addr: IP): boolean {
  if (addr.v6 !== r.subnet.ip.v6 || !netContains(r.subnet, addr)) return false;
  if (r.rangeStart && addr.n < r.rangeStart.n) return false;
  if (r.rangeEnd && addr.n > r.rangeEnd.n) return false;
  return true;
}

/** The range with its defaults filled in; throws the reference plugin's message when it cannot be used. */
export function canonicalRange(input: RangeInput): Range {
  const subnet = input.subnet;
  if (!subnet) throw new Error("IP <nil> not v4 nor v6");
  if (subnet.prefix > bits(subnet.ip) - 2) throw new Error(`Network ${subnetText(subnet)} too small to allocate from`);
  const network = networkAddress(subnet);
  if (network.n !== subnet.ip.n) {
    throw new Error(`Network has host bits set. For a subnet mask of length ${subnet.prefix} the network address is ${formatIP(network)}`);
  }
  const gateway = input.gateway ?? nextIP(network);
  let rangeStart: IP;
  if (input.rangeStart) {
    if (!within({ subnet, rangeStart: input.rangeStart, rangeEnd: input.rangeEnd }, input.rangeStart)) {
      throw new Error(`RangeStart ${formatIP(input.rangeStart)} not in network ${subnetText(subnet)}`);
    }
    rangeStart = input.rangeStart;
  } else rangeStart = nextIP(network);
  let rangeEnd: IP;
  if (input.rangeEnd) {
    if (!within({ subnet, rangeStart, rangeEnd: input.rangeEnd }, input.rangeEnd)) {
      throw new Error(`RangeEnd ${formatIP(input.rangeEnd)} not in network ${subnetText(subnet)}`);
    }
    rangeEnd = input.rangeEnd;
  } else {
    const last = lastAddress(subnet);
    rangeEnd = subnet.ip.v6 ? last : { v6: false, n: last.n - 1n };
  }
  return { subnet, rangeStart, rangeEnd, gateway };
}

export function rangeContains(r: Range, addr: IP): boolean {
  return within(r, addr);
}

function rangesOverlap(a: Range, b: Range): boolean {
  if (a.rangeStart.v6 !== b.rangeStart.v6) return false;
  return rangeContains(a, b.rangeStart) || rangeContains(a, b.rangeEnd) || rangeContains(b, a.rangeStart) || rangeContains(b, a.rangeEnd);
}

export function rangeText(r: Range): string {
  return `${formatIP(r.rangeStart)}-${formatIP(r.rangeEnd)}`;
}

export function rangeSetText(s: RangeSet): string {
  return s.map(rangeText).join(",");
}

/** Canonicalizes every range of a set and checks the set is one family without overlaps. */
export function canonicalRangeSet(inputs: readonly RangeInput[]): RangeSet {
  if (inputs.length === 0) throw new Error("empty range set");
  const set: Range[] = [];
  for (const input of inputs) {
    const r = canonicalRange(input);
    if (set.length && set[0]!.rangeStart.v6 !== r.rangeStart.v6) throw new Error("mixed address families");
    set.push(r);
  }
  for (let i = 0; i < set.length - 1; i++) {
    for (let j = i + 1; j < set.length; j++) {
      if (rangesOverlap(set[i]!, set[j]!)) throw new Error(`subnets ${rangeText(set[i]!)} and ${rangeText(set[j]!)} overlap`);
    }
  }
  return set;
}

/** The range of `set` holding `addr`, or null. */
export function rangeFor(set: RangeSet, addr: IP): Range | null {
  for (const r of set) if (rangeContains(r, addr)) return r;
  return null;
}

export function rangeSetsOverlap(a: RangeSet, b: RangeSet): boolean {
  return a.some((r) => b.some((r1) => rangesOverlap(r, r1)));
}

/** "address/prefix" of `ip` in `r`'s subnet. */
export function inSubnet(r: Range, ip: IP): string {
  return `${formatIP(ip)}/${r.subnet.prefix}`;
}

