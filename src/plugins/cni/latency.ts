/**
 * How long each simulated plugin's ADD and DEL take in virtual time: the reference binaries timed on the
 * project's 2-core VM (Debian containernetworking-plugins 1.1.1, Linux 6.18) by
 * `sudo bash benchmarks/cni-latency.sh 40`, two runs, rounded; each pod in its own network namespace.
 * Most of a call is starting the Go binary (≈3.5 ms); bridge with ipMasq and portmap add iptables work.
 * A main plugin's figure excludes its IPAM delegate, which adds its own. Plugins without a reference
 * binary here (flannel, calico, calico-ipam) are charged one binary start; their datastore round trips
 * (Calico's API server calls) are not modelled. An experiment can override any of them (network.latency).
 */
import type { CniLatency } from "../../core/network/cni/plugin.js";

export const MEASURED_LATENCY: Readonly<Record<string, CniLatency>> = {
  loopback: { addUs: 3_400, delUs: 3_500 },
  "host-local": { addUs: 3_800, delUs: 3_500 },
  // bridge + host-local: ADD 26.6–31.2 ms, DEL 75.1–77.5 ms (ipMasq on), less host-local's share.
  bridge: { addUs: 25_100, delUs: 72_800 },
  portmap: { addUs: 50_200, delUs: 115_000 },
  bandwidth: { addUs: 4_500, delUs: 21_700 },
};

/** One Go binary start, for plugins not timed here. */
export const EXEC_ONLY: CniLatency = { addUs: 3_500, delUs: 3_500 };
