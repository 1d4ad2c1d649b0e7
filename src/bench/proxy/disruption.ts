/**
 * Disruption when one of N endpoints goes: the share of existing connections (client address and port)
 * a data plane sends elsewhere after the endpoint is removed, beyond those that were on the removed one
 * (which must move). Consistent hashing (Maglev) should move few; IPVS `sh` refills its 256 buckets
 * round-robin and moves most.
 */
import { parseIPv4 } from "../../core/network/ipv4.js";
import { emptyRoute, type DataPlane, type Packet } from "../../core/network/proxy-plugin.js";

export interface DisruptionResult {
  /** Share of all connections whose endpoint changed. */
  readonly remapped: number;
  /** Share that had to move (they were on the removed endpoint): 1/N for an even spread. */
  readonly unavoidable: number;
}

export function measureDisruption(before: DataPlane, after: DataPlane, vip: string, removed: string, connections: number): DisruptionResult {
  const out = emptyRoute();
  const base = parseIPv4("10.128.0.0")!;
  const p: Packet = { src: 0, sport: 0, dst: parseIPv4(vip)!, dport: 80, protocol: "TCP", fromNode: false, toNode: false };
  const never = () => 0;
  let moved = 0;
  let forced = 0;
  for (let i = 0; i < connections; i++) {
    p.src = base + (i >>> 6) + 1;
    p.sport = 32768 + (i & 63);
    const a = before.route(p, out, never, 0).endpoint;
    const b = after.route(p, out, never, 0).endpoint;
    if (a !== b) moved++;
    if (a === removed) forced++;
  }
  return { remapped: moved / connections, unavoidable: forced / connections };
}
