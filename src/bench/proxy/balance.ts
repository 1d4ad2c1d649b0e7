/**
 * Load-balance quality: one service with N endpoints, 1,000,000 new connections from distinct clients
 * (address and port), each data plane (and each IPVS scheduler) choosing; reported as each endpoint's
 * share and the max/mean ratio (1 = perfectly even). Connections stay open, as in a burst of new ones.
 */
import { Rng } from "../../core/engine/rng.js";
import { parseIPv4 } from "../../core/network/ipv4.js";
import { emptyRoute, type DataPlane, type Packet } from "../../core/network/proxy-plugin.js";

export interface BalanceResult {
  readonly shares: ReadonlyMap<string, number>;
  readonly maxOverMean: number;
  readonly minOverMean: number;
}

/** `endpoints`: the service's endpoints ("ip:port"); one a data plane never chooses counts as a share of 0. */
export function measureBalance(plane: DataPlane, vip: string, endpoints: readonly string[], connections: number, seed: number): BalanceResult {
  const rng = Rng.seeded(seed);
  const counts = new Map<string, number>(endpoints.map((e) => [e, 0]));
  const out = emptyRoute();
  const base = parseIPv4("10.128.0.0")!;
  const p: Packet = { src: 0, sport: 0, dst: parseIPv4(vip)!, dport: 80, protocol: "TCP", fromNode: false, toNode: false };
  for (let i = 0; i < connections; i++) {
    p.src = base + (i >>> 6) + 1;
    p.sport = 32768 + (i & 63);
    plane.route(p, out, () => rng.float(), i);
    if (out.verdict === "endpoint") counts.set(out.endpoint, (counts.get(out.endpoint) ?? 0) + 1);
  }
  const values = [...counts.values()];
  const mean = connections / Math.max(1, endpoints.length);
  const shares = new Map([...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([k, v]) => [k, v / connections]));
  return { shares, maxOverMean: Math.max(...values) / mean, minOverMean: Math.min(...values) / mean };
}
