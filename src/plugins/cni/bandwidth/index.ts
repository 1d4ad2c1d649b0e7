/**
 * bandwidth (containernetworking/plugins plugins/meta/bandwidth), simulated: a chained plugin that shapes
 * the pod's traffic with token-bucket filters — ingress on the host veth, egress through an IFB device
 * bwp<hash> — from `ingressRate`/`ingressBurst`/`egressRate`/`egressBurst` (bits per second, bits) in
 * the configuration or, failing that, the `bandwidth` capability. The limits are recorded per attachment;
 * the IFB device is added to the result as the reference adds it.
 */
import type { Attachment, CniCall } from "../../../core/network/cni/args.js";
import { field, int, obj, type Obj } from "../../../core/network/cni/go-decode.js";
import { hashWithPrefix, macFor } from "../../../core/network/cni/names.js";
import type { CniPlugin, CniPluginInstance, PluginConf } from "../../../core/network/cni/plugin.js";
import type { CniResult } from "../../../core/network/cni/result.js";
import { MEASURED_LATENCY } from "../latency.js";
import { SUPPORTED_VERSIONS } from "../../../core/network/cni/version.js";

/** A token bucket: `rate` bits per second refilling a bucket of `burst` bits. */
export interface TokenBucket {
  readonly rate: number;
  readonly burst: number;
}

export interface Shaping {
  readonly ingress: TokenBucket | null;
  readonly egress: TokenBucket | null;
  /** The host veth shaped for ingress, and the IFB device for egress. */
  readonly hostInterface: string;
  readonly ifb: string | null;
}

const MAX_UINT32 = 2 ** 32 - 1;

function entry(o: Obj, path: string): { ingressRate: number; ingressBurst: number; egressRate: number; egressBurst: number } {
  return { ingressRate: int(o, "ingressRate", path, 0, 0), ingressBurst: int(o, "ingressBurst", path, 0, 0), egressRate: int(o, "egressRate", path, 0, 0), egressBurst: int(o, "egressBurst", path, 0, 0) };
}

function validate(rate: number, burst: number): void {
  if (burst === 0 && rate !== 0) throw new Error("if rate is set, burst must also be set");
  if (rate === 0 && burst !== 0) throw new Error("if burst is set, rate must also be set");
  if (Math.floor(burst / 8) >= MAX_UINT32) throw new Error("burst cannot be more than 4GB");
}

/** The limits of a configuration: its own fields, else runtimeConfig.bandwidth; null when none is set. */
export function bandwidthOf(conf: PluginConf): ReturnType<typeof entry> | null {
  const own = ["ingressRate", "ingressBurst", "egressRate", "egressBurst"].some((k) => field(conf, k) !== undefined);
  const runtime = obj(field(conf, "runtimeConfig"), "PluginConf.runtimeConfig", "struct") ?? {};
  const fromRuntime = obj(field(runtime, "bandwidth"), "PluginConf.runtimeConfig.bandwidth", "BandwidthEntry");
  const bw = own ? entry(conf, "PluginConf") : fromRuntime ? entry(fromRuntime, "BandwidthEntry") : null;
  if (!bw || (bw.ingressRate === 0 && bw.ingressBurst === 0 && bw.egressRate === 0 && bw.egressBurst === 0)) return null;
  validate(bw.ingressRate, bw.ingressBurst);
  validate(bw.egressRate, bw.egressBurst);
  return bw;
}

/** The host-side interface of the container's veth: the interface in the result that is not in a sandbox. */
function hostInterface(prev: CniResult, ifname: string): string {
  const ifs = prev.interfaces ?? [];
  if (ifs.length === 0) throw new Error("no interfaces provided");
  if (!ifs.some((i) => i.name === ifname && i.sandbox)) throw new Error(`container interface ${ifname} has no veth peer: not found`);
  const host = ifs.find((i) => !i.sandbox && i.name.startsWith("veth")) ?? ifs.find((i) => !i.sandbox);
  if (!host) throw new Error("no veth peer of container interface found in host ns");
  return host.name;
}

export class BandwidthInstance implements CniPluginInstance {
  readonly shaping = new Map<string, Shaping>();

  add(conf: PluginConf, call: CniCall, prev: CniResult | null): CniResult {
    const bw = bandwidthOf(conf);
    if (!prev) throw new Error("must be called as chained plugin");
    if (!bw) return prev;
    const host = hostInterface(prev, call.ifname);
    const ingress = bw.ingressRate > 0 && bw.ingressBurst > 0 ? { rate: bw.ingressRate, burst: bw.ingressBurst } : null;
    const egress = bw.egressRate > 0 && bw.egressBurst > 0 ? { rate: bw.egressRate, burst: bw.egressBurst } : null;
    const ifb = egress ? hashWithPrefix(15, "bwp", conf.name + call.containerId) : null;
    this.shaping.set(`${conf.name}\0${call.containerId}`, { ingress, egress, hostInterface: host, ifb });
    return ifb ? { ...prev, interfaces: [...(prev.interfaces ?? []), { name: ifb, mac: macFor(`ifb\0${ifb}`) }] } : prev;
  }

  /** Spec 1.1 GC (the reference has none yet): forget containers outside `valid`. */
  gc(conf: PluginConf, valid: readonly Attachment[]): void {
    const keep = new Set(valid.map((a) => `${conf.name}\0${a.containerID}`));
    for (const k of [...this.shaping.keys()]) if (k.startsWith(`${conf.name}\0`) && !keep.has(k)) this.shaping.delete(k);
  }

  held(): number {
    return this.shaping.size;
  }

  del(conf: PluginConf, call: CniCall): void {
    this.shaping.delete(`${conf.name}\0${call.containerId}`);
  }

  check(conf: PluginConf, call: CniCall, prev: CniResult | null): void {
    if (!prev) throw new Error("must be called as a chained plugin");
    const bw = bandwidthOf(conf);
    if (!bw) return;
    const s = this.shaping.get(`${conf.name}\0${call.containerId}`);
    if (!s) throw new Error("Failed to find qdisc");
    if ((s.ingress?.rate ?? 0) !== (bw.ingressBurst > 0 ? bw.ingressRate : 0) || (s.egress?.rate ?? 0) !== (bw.egressBurst > 0 ? bw.egressRate : 0)) throw new Error("Rate doesn't match");
  }
}

export const bandwidthPlugin: CniPlugin = {
  name: "bandwidth",
  description: "chained: token-bucket rate limits on the pod's ingress and egress (capability bandwidth)",
  ipam: false,
  supportedVersions: SUPPORTED_VERSIONS,
  latency: MEASURED_LATENCY.bandwidth!,
  create: () => new BandwidthInstance(),
};
