/**
 * host-local's configuration, read as the reference plugin reads it (allocator/config.go LoadIPAMConfig):
 * the `ipam` section of the calling plugin's configuration, an old-style single range (`subnet`, …)
 * prepended to `ranges`, runtime `ipRanges` prepended to both, requested addresses from CNI_ARGS `IP=`,
 * `args.cni.ips` and runtime `ips`, and the same checks in the same order with the same messages.
 */
import { loadArgs } from "../../../core/network/cni/args.js";
import { field, list, obj, str, typeError, type Obj } from "../../../core/network/cni/go-decode.js";
import type { PluginConf } from "../../../core/network/cni/plugin.js";
import type { CniRoute } from "../../../core/network/cni/result.js";
import { atLeast } from "../../../core/network/cni/version.js";
import { formatIP, parseIP, parseIPNet, type IP, type IPNet } from "../../../core/network/ip.js";
import { canonicalRangeSet, rangeSetsOverlap, type RangeInput, type RangeSet } from "./range.js";

export interface IpamConfig {
  /** The network's name: the store's directory. */
  readonly name: string;
  readonly cniVersion: string;
  readonly dataDir: string;
  readonly resolvConf: string;
  readonly routes: readonly CniRoute[];
  readonly ranges: readonly RangeSet[];
}

/** What a configuration holds before the call's CNI_ARGS are read (kept per configuration object). */
interface Parsed {
  readonly decodeError: Error | null;
  readonly confIPs: readonly IP[];
  /** The ranges, or the error that checking them gives (reported after CNI_ARGS errors, as upstream). */
  readonly config: IpamConfig | Error;
}

function ipValue(v: unknown, path: string): IP | null {
  if (v === undefined) return null;
  if (typeof v !== "string") throw typeError(v, path, "net.IP");
  if (v === "") return null;
  const ip = parseIP(v);
  if (!ip) throw new Error(`invalid IP address: ${v}`);
  return ip;
}

/** The plugins' ip.IP: an address, or an address with a prefix (the prefix is dropped). */
function requestedIP(text: string): IP | null {
  return parseIP(text) ?? parseIPNet(text)?.ip ?? null;
}

function subnetValue(v: unknown, path: string): IPNet | null {
  if (v === undefined) return null;
  if (typeof v !== "string") throw typeError(v, path, "string");
  const net = parseIPNet(v);
  if (!net) throw new Error(`invalid CIDR address: ${v}`);
  return net;
}

function rangeInput(o: Obj, path: string): RangeInput {
  return {
    subnet: subnetValue(field(o, "subnet"), `${path}.subnet`),
    rangeStart: ipValue(field(o, "rangeStart"), `${path}.rangeStart`),
    rangeEnd: ipValue(field(o, "rangeEnd"), `${path}.rangeEnd`),
    gateway: ipValue(field(o, "gateway"), `${path}.gateway`),
  };
}

function rangeSetsOf(v: unknown, path: string): RangeInput[][] {
  return list(v, path, "[]allocator.RangeSet").map((set, i) =>
    list(set, `${path}`, "allocator.RangeSet").map((r) => rangeInput(obj(r, path, "allocator.Range") ?? {}, `${path}[${i}]`)),
  );
}

function routeOf(v: unknown): CniRoute {
  const o = obj(v, "IPAMConfig.ipam.routes", "types.Route") ?? {};
  const dst = str(o, "dst", "IPAMConfig.ipam.routes");
  const net = parseIPNet(dst);
  if (!net) throw new Error(`invalid CIDR address: ${dst}`);
  const gw = ipValue(field(o, "gw"), "IPAMConfig.ipam.routes.gw");
  return { dst: `${formatIP(net.ip)}/${net.prefix}`, ...(gw ? { gw: formatIP(gw) } : {}) };
}

function parse(conf: PluginConf): Parsed {
  let ipam: Obj | undefined;
  let confIPs: IP[];
  let runtimeRanges: RangeInput[][];
  try {
    ipam = obj(field(conf, "ipam"), "Net.ipam", "allocator.IPAMConfig");
    const runtime = obj(field(conf, "runtimeConfig"), "Net.runtimeConfig", "struct") ?? {};
    runtimeRanges = rangeSetsOf(field(runtime, "ipRanges"), "Net.runtimeConfig.ipRanges");
    const args = obj(field(conf, "args"), "Net.args", "struct") ?? {};
    const cni = obj(field(args, "cni"), "Net.args.cni", "allocator.IPAMArgs") ?? {};
    const ips = (v: unknown, path: string) =>
      list(v, path, "[]*ip.IP").map((x) => {
        if (typeof x !== "string") throw typeError(x, path, "ip.IP");
        const ip = requestedIP(x);
        if (!ip) throw new Error(`invalid IP address ${x}`);
        return ip;
      });
    confIPs = [...ips(field(cni, "ips"), "Net.args.cni.ips"), ...ips(field(runtime, "ips"), "Net.runtimeConfig.ips")];
  } catch (e) {
    return { decodeError: e as Error, confIPs: [], config: e as Error };
  }
  if (!ipam) return { decodeError: new Error("IPAM config missing 'ipam' key"), confIPs: [], config: new Error("unreachable") };
  try {
    const path = "IPAMConfig.ipam";
    const single = rangeInput(ipam, path);
    const ranges = [...runtimeRanges, ...(single.subnet ? [[single]] : []), ...rangeSetsOf(field(ipam, "ranges"), `${path}.ranges`)];
    const routes = list(field(ipam, "routes"), `${path}.routes`, "[]*types.Route").map(routeOf);
    const dataDir = str(ipam, "dataDir", path);
    const resolvConf = str(ipam, "resolvConf", path);
    return { decodeError: null, confIPs, config: checkRanges(conf, ranges, { dataDir, resolvConf, routes }) };
  } catch (e) {
    return { decodeError: e as Error, confIPs: [], config: e as Error };
  }
}

function checkRanges(conf: PluginConf, inputs: RangeInput[][], rest: Pick<IpamConfig, "dataDir" | "resolvConf" | "routes">): IpamConfig | Error {
  if (inputs.length === 0) return new Error("no IP ranges specified");
  const ranges: RangeSet[] = [];
  let v4 = 0;
  let v6 = 0;
  for (let i = 0; i < inputs.length; i++) {
    try {
      ranges.push(canonicalRangeSet(inputs[i]!));
    } catch (e) {
      return new Error(`invalid range set ${i}: ${(e as Error).message}`);
    }
    if (ranges[i]![0]!.rangeStart.v6) v6++;
    else v4++;
  }
  if ((v4 > 1 || v6 > 1) && !atLeast(conf.cniVersion || "0.1.0", "0.3.0")) {
    return new Error(`CNI version ${conf.cniVersion} does not support more than 1 address per family`);
  }
  for (let i = 0; i < ranges.length - 1; i++) {
    for (let j = i + 1; j < ranges.length; j++) {
      if (rangeSetsOverlap(ranges[i]!, ranges[j]!)) return new Error(`range set ${i} overlaps with ${j}`);
    }
  }
  return { name: conf.name, cniVersion: conf.cniVersion, ...rest, ranges };
}

const cache = new WeakMap<PluginConf, Parsed>();

/** The configuration and the addresses this call requests; throws the reference plugin's error (code 999). */
export function loadIpamConfig(conf: PluginConf, cniArgs: string): { config: IpamConfig; requested: IP[] } {
  let parsed = cache.get(conf);
  if (!parsed) cache.set(conf, (parsed = parse(conf)));
  if (parsed.decodeError) throw parsed.decodeError;
  const requested: IP[] = [];
  const ipArg = loadArgs(cniArgs, ["IP"]).get("IP");
  if (ipArg !== undefined) {
    const ip = requestedIP(ipArg);
    if (!ip) throw new Error(`ARGS: error parsing value of pair ${JSON.stringify(`IP=${ipArg}`)}: invalid IP address ${ipArg}`);
    requested.push(ip);
  }
  requested.push(...parsed.confIPs);
  if (parsed.config instanceof Error) throw parsed.config;
  return { config: parsed.config, requested };
}

