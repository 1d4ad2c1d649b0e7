/**
 * host-local's allocation strategy (allocator/allocator.go): round-robin over a range set, starting after
 * the set's last reserved address and wrapping across its ranges, skipping each range's gateway, so a
 * released address is not handed out again until the cursor comes around. A requested address is taken
 * only if free, and also becomes the last reserved.
 */
import { formatIP, ipEqual, nextIP, parseIP, type IP } from "../../../core/network/ip.js";
import type { CniIPConfig } from "../../../core/network/cni/result.js";
import { inSubnet, rangeFor, rangeSetText, type Range, type RangeSet } from "./range.js";
import type { IpStore } from "./store.js";

/** The iterator of allocator.go's RangeIter: each call of `next` yields a candidate and its range, or null when back at the start. */
class RangeIter {
  private rangeIdx = 0;
  private cur: IP | null = null;
  private startIP: IP | null = null;

  constructor(
    private readonly set: RangeSet,
    lastReserved: IP | null,
  ) {
    const from = lastReserved ? set.findIndex((r) => rangeFor([r], lastReserved)) : -1;
    if (from >= 0) {
      this.rangeIdx = from;
      this.cur = lastReserved;
    } else this.startIP = set[0]!.rangeStart;
  }

  next(): { ip: IP; range: Range } | null {
    for (;;) {
      let r = this.set[this.rangeIdx]!;
      if (this.cur === null) {
        this.cur = r.rangeStart;
        this.startIP = this.cur;
        if (ipEqual(this.cur, r.gateway)) continue;
        return { ip: this.cur, range: r };
      }
      if (ipEqual(this.cur, r.rangeEnd)) {
        this.rangeIdx = (this.rangeIdx + 1) % this.set.length;
        r = this.set[this.rangeIdx]!;
        this.cur = r.rangeStart;
      } else this.cur = nextIP(this.cur);
      if (this.startIP === null) this.startIP = this.cur;
      else if (ipEqual(this.cur, this.startIP)) return null;
      if (ipEqual(this.cur, r.gateway)) continue;
      return { ip: this.cur, range: r };
    }
  }
}

/** One range set's allocator over a store; `rangeId` is the set's index (the last_reserved_ip file suffix). */
export class IpAllocator {
  constructor(
    private readonly set: RangeSet,
    private readonly store: IpStore,
    private readonly rangeId: string,
  ) {}

  get(id: string, ifname: string, requested: IP | null): CniIPConfig {
    if (requested) {
      const r = rangeFor(this.set, requested);
      if (!r) throw new Error(`${formatIP(requested)} not in range set ${rangeSetText(this.set)}`);
      if (ipEqual(requested, r.gateway)) throw new Error(`requested ip ${formatIP(requested)} is subnet's gateway`);
      if (!this.store.reserve(id, ifname, formatIP(requested), this.rangeId)) {
        throw new Error(`requested IP address ${formatIP(requested)} is not available in range set ${rangeSetText(this.set)}`);
      }
      return { address: inSubnet(r, requested), gateway: formatIP(r.gateway) };
    }
    for (const held of this.store.getById(id, ifname)) {
      const ip = parseIP(held);
      if (ip && rangeFor(this.set, ip)) throw new Error(`${held} has been allocated to ${id}, duplicate allocation is not allowed`);
    }
    const last = this.store.lastReservedIP(this.rangeId);
    const iter = new RangeIter(this.set, last === null ? null : parseIP(last));
    for (let c = iter.next(); c; c = iter.next()) {
      if (this.store.reserve(id, ifname, formatIP(c.ip), this.rangeId)) {
        return { address: inSubnet(c.range, c.ip), gateway: formatIP(c.range.gateway) };
      }
    }
    throw new Error(`no IP addresses available in range set: ${rangeSetText(this.set)}`);
  }

  release(id: string, ifname: string): void {
    this.store.releaseById(id, ifname);
  }
}
