/**
 * Data-path lookup throughput: the first packet of a new connection to a uniformly random service
 * (65,536 pre-drawn destinations, so the measurement includes the cache misses a large table costs),
 * timed with tinybench over batches of packets (one timer read per batch, not per packet); the mean rules visited and hash lookups per packet come from the data plane's
 * own counters, so cost is a measured quantity.
 */
import { Bench } from "tinybench";
import { Rng } from "../../core/engine/rng.js";
import { parseIPv4 } from "../../core/network/ipv4.js";
import { emptyRoute, type DataPlane, type Packet } from "../../core/network/proxy-plugin.js";

export interface LookupResult {
  readonly lookupsPerSecond: number;
  readonly meanNs: number;
  /** Relative margin of error of the mean batch time (%). */
  readonly rme: number;
  readonly samples: number;
  readonly rulesPerPacket: number;
  readonly hashLookupsPerPacket: number;
}

const FIRST_SERVICE = parseIPv4("10.96.0.1")!;
const DESTINATIONS = 65_536;

/** `batch`: packets per timed call (large for fast data planes, 1 for a linear rule walk at 50,000 services). */
export async function measureLookup(plane: DataPlane, services: number, seed: number, timeMs: number, batch: number): Promise<LookupResult> {
  const rng = Rng.seeded(seed);
  const dst = new Float64Array(DESTINATIONS);
  for (let i = 0; i < DESTINATIONS; i++) dst[i] = FIRST_SERVICE + rng.below(services);
  const random = () => rng.float();
  const out = emptyRoute();
  const p: Packet = { src: parseIPv4("10.128.200.1")!, sport: 1024, dst: 0, dport: 80, protocol: "TCP", fromNode: false, toNode: false };
  let i = 0;
  let rules = 0;
  let lookups = 0;
  let n = 0;
  const step = () => {
    for (let b = 0; b < batch; b++) {
      p.dst = dst[i & (DESTINATIONS - 1)]!;
      p.sport = 1024 + (i & 0x3fff);
      i++;
      plane.route(p, out, random, 0);
      rules += out.rulesVisited;
      lookups += out.lookups;
      n++;
    }
  };
  const bench = new Bench({ time: timeMs, warmupTime: Math.min(200, timeMs / 2) });
  bench.add("route", step);
  await bench.run();
  const r = bench.tasks[0]!.result as { latency?: { mean: number; rme: number; samplesCount: number } } | undefined;
  const batchMs = r?.latency?.mean ?? 0;
  const perPacketNs = (batchMs * 1e6) / batch;
  return {
    lookupsPerSecond: perPacketNs > 0 ? 1e9 / perPacketNs : 0,
    meanNs: perPacketNs,
    rme: r?.latency?.rme ?? 0,
    samples: r?.latency?.samplesCount ?? 0,
    rulesPerPacket: n ? rules / n : 0,
    hashLookupsPerPacket: n ? lookups / n : 0,
  };
}
