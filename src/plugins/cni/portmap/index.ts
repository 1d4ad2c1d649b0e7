/**
 * portmap (containernetworking/plugins plugins/meta/portmap, iptables backend), simulated: a chained
 * plugin that forwards the pod's hostPorts (capability `portMappings`) to its address. Each attachment
 * gets a CNI-DN-<hash> chain reached from CNI-HOSTPORT-DNAT (itself reached from PREROUTING and OUTPUT for
 * local destinations), with the reference's rules: mark for masquerade traffic from the pod's own subnet
 * and from 127.0.0.1 (snat, mark bit 13 by default), then DNAT to the pod. `ruleText` prints the host's
 * whole state as iptables-restore input, which the real tool loads.
 */
import type { Attachment, CniCall } from "../../../core/network/cni/args.js";
import { bool, field, int, list, obj, str, type Obj } from "../../../core/network/cni/go-decode.js";
import { hashWithPrefix } from "../../../core/network/cni/names.js";
import type { CniPlugin, CniPluginInstance, PluginConf } from "../../../core/network/cni/plugin.js";
import type { CniResult } from "../../../core/network/cni/result.js";
import { MEASURED_LATENCY } from "../latency.js";
import { SUPPORTED_VERSIONS } from "../../../core/network/cni/version.js";
import { formatIP, parseIP, parseIPNet } from "../../../core/network/ip.js";

export interface PortMapping {
  readonly hostPort: number;
  readonly containerPort: number;
  readonly protocol: string;
  readonly hostIP: string;
}

interface PortmapConf {
  readonly snat: boolean;
  readonly markMasqBit: number;
  readonly externalSetMarkChain: string | null;
  readonly masqAll: boolean;
  readonly mappings: readonly PortMapping[];
}

const DNAT_TOP = "CNI-HOSTPORT-DNAT";
const SETMARK = "CNI-HOSTPORT-SETMARK";
const MASQ = "CNI-HOSTPORT-MASQ";

function portmapConf(conf: PluginConf): PortmapConf {
  const path = "PortMapConf";
  const runtime = obj(field(conf, "runtimeConfig"), `${path}.runtimeConfig`, "struct") ?? {};
  const external = str(conf, "externalSetMarkChain", path) || null;
  if (field(conf, "markMasqBit") !== undefined && external) throw new Error("Cannot specify externalSetMarkChain and markMasqBit");
  const markMasqBit = int(conf, "markMasqBit", path, 13);
  if (markMasqBit < 0 || markMasqBit > 31) throw new Error("MasqMarkBit must be between 0 and 31");
  const mappings = list(field(runtime, "portMappings"), `${path}.runtimeConfig.portMappings`, "[]PortMapEntry").map((m) => {
    const o = (obj(m, `${path}.runtimeConfig.portMappings`, "PortMapEntry") ?? {}) as Obj;
    const p = `${path}.runtimeConfig.portMappings`;
    return { hostPort: int(o, "hostPort", p), containerPort: int(o, "containerPort", p), protocol: str(o, "protocol", p), hostIP: str(o, "hostIP", p) };
  });
  for (const pm of mappings) {
    if (pm.containerPort <= 0) throw new Error(`Invalid container port number: ${pm.containerPort}`);
    if (pm.hostPort <= 0) throw new Error(`Invalid host port number: ${pm.hostPort}`);
  }
  return { snat: bool(conf, "snat", path, true), markMasqBit, externalSetMarkChain: external, masqAll: bool(conf, "masqAll", path), mappings };
}

/** The container's first address of each family on the sandbox interface named `ifname`. */
function containerAddresses(prev: CniResult, ifname: string): string[] {
  const found: { v4?: string; v6?: string } = {};
  for (const ip of prev.ips ?? []) {
    const net = parseIPNet(ip.address);
    if (!net) continue;
    const fam = net.ip.v6 ? "v6" : "v4";
    if (found[fam]) continue;
    if (ip.interface !== undefined) {
      const i = prev.interfaces?.[ip.interface];
      if (i && (i.name !== ifname || !i.sandbox)) continue;
    }
    found[fam] = ip.address;
  }
  return [found.v4, found.v6].filter((a): a is string => !!a);
}

const quote = (s: string) => (/^[A-Za-z0-9_./:,-]+$/.test(s) ? s : `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`);

/** One attachment's DNAT chain: the entry rules (in CNI-HOSTPORT-DNAT) and its own rules, as argument lists. */
function dnatChain(name: string, containerId: string, c: PortmapConf, containerNet: string): { chain: string; entries: string[][]; rules: string[][] } {
  const chain = hashWithPrefix(28, "CNI-DN-", name + containerId);
  const net = parseIPNet(containerNet)!;
  const v6 = net.ip.v6;
  const comment = `dnat name: "${name}" id: "${containerId}"`.slice(0, 256);
  const setMark = c.externalSetMarkChain ?? SETMARK;
  const byProto = new Map<string, number[]>();
  for (const e of c.mappings) byProto.set(e.protocol, [...(byProto.get(e.protocol) ?? []), e.hostPort]);
  const entries: string[][] = [];
  for (const proto of [...byProto.keys()].sort()) {
    const ports = byProto.get(proto)!;
    for (let i = 0; i < ports.length; i += 15) entries.push(["-m", "comment", "--comment", comment, "-m", "multiport", "-p", proto, "--destination-ports", ports.slice(i, i + 15).join(",")]);
  }
  const rules: string[][] = [];
  for (const e of c.mappings) {
    let withDst = false;
    if (e.hostIP !== "") {
      const host = parseIP(e.hostIP);
      if (!host || host.v6 !== v6) continue;
      withDst = host.n !== 0n;
    }
    const base = ["-p", e.protocol, "--dport", String(e.hostPort), ...(withDst ? ["-d", e.hostIP] : [])];
    if (c.snat) {
      rules.push([...base, "-s", c.masqAll ? (v6 ? "::/0" : "0.0.0.0/0") : containerNet, "-j", setMark]);
      if (!v6 && !c.masqAll) rules.push([...base, "-s", "127.0.0.1", "-j", setMark]);
    }
    const to = v6 ? `[${formatIP(net.ip)}]:${e.containerPort}` : `${formatIP(net.ip)}:${e.containerPort}`;
    rules.push([...base, "-j", "DNAT", "--to-destination", to]);
  }
  return { chain, entries, rules };
}

interface Forward {
  readonly chain: string;
  readonly entries: string[][];
  readonly rules: string[][];
  readonly markBit: number;
  readonly snat: boolean;
  readonly external: boolean;
  readonly mappings: readonly PortMapping[];
  readonly address: string;
}

export class PortmapInstance implements CniPluginInstance {
  /** Per attachment (network, container): its chain (IPv4 only; IPv6 goes to ip6tables, not printed here). */
  readonly forwards = new Map<string, Forward>();

  add(conf: PluginConf, call: CniCall, prev: CniResult | null): CniResult {
    let c: PortmapConf;
    try {
      c = portmapConf(conf);
    } catch (e) {
      throw new Error(`failed to parse config: ${(e as Error).message}`, { cause: e });
    }
    if (!prev) throw new Error("must be called as chained plugin");
    if (c.mappings.length === 0) return prev;
    for (const address of containerAddresses(prev, call.ifname)) {
      if (parseIPNet(address)!.ip.v6) continue;
      const d = dnatChain(conf.name, call.containerId, c, address);
      this.forwards.set(`${conf.name}\0${call.containerId}`, { ...d, markBit: c.markMasqBit, snat: c.snat, external: c.externalSetMarkChain !== null, mappings: c.mappings, address });
    }
    return prev;
  }

  /** Spec 1.1 GC (the reference has none yet): forget containers outside `valid`. */
  gc(conf: PluginConf, valid: readonly Attachment[]): void {
    const keep = new Set(valid.map((a) => `${conf.name}\0${a.containerID}`));
    for (const k of [...this.forwards.keys()]) if (k.startsWith(`${conf.name}\0`) && !keep.has(k)) this.forwards.delete(k);
  }

  held(): number {
    return this.forwards.size;
  }

  del(conf: PluginConf, call: CniCall): void {
    this.forwards.delete(`${conf.name}\0${call.containerId}`);
  }

  check(conf: PluginConf, call: CniCall, prev: CniResult | null): void {
    if (!prev) throw new Error("Required prevResult missing");
    const c = portmapConf(conf);
    if (c.mappings.length && !this.forwards.has(`${conf.name}\0${call.containerId}`)) throw new Error(`chain ${hashWithPrefix(28, "CNI-DN-", conf.name + call.containerId)} not found`);
  }

  /** The host's port forwarding as iptables-restore input for the nat table (load with --noflush). */
  ruleText(): string {
    const lines = ["*nat"];
    const fwd = [...this.forwards.values()];
    const marks = [...new Set(fwd.filter((f) => f.snat && !f.external).map((f) => f.markBit))];
    const chains = [DNAT_TOP, ...(marks.length ? [SETMARK, MASQ] : []), ...fwd.map((f) => f.chain)];
    for (const ch of chains) lines.push(`:${ch} - [0:0]`);
    const rule = (chain: string, args: string[]) => lines.push(`-A ${chain} ${args.map(quote).join(" ")}`);
    for (const top of ["PREROUTING", "OUTPUT"]) rule(top, ["-m", "addrtype", "--dst-type", "LOCAL", "-j", DNAT_TOP]);
    for (const bit of marks) {
      const mark = `0x${(2 ** bit).toString(16)}/0x${(2 ** bit).toString(16)}`;
      rule(SETMARK, ["-m", "comment", "--comment", "CNI portfwd masquerade mark", "-j", "MARK", "--set-xmark", mark]);
      rule(MASQ, ["-m", "mark", "--mark", mark, "-j", "MASQUERADE"]);
      rule("POSTROUTING", ["-m", "comment", "--comment", "CNI portfwd requiring masquerade", "-j", MASQ]);
    }
    for (const f of fwd) {
      for (const e of f.entries) rule(DNAT_TOP, [...e, "-j", f.chain]);
      for (const r of f.rules) rule(f.chain, r);
    }
    lines.push("COMMIT", "");
    return lines.join("\n");
  }
}

export const portmapPlugin: CniPlugin = {
  name: "portmap",
  description: "chained: forwards the pod's hostPorts to it (iptables DNAT chains, capability portMappings)",
  ipam: false,
  supportedVersions: SUPPORTED_VERSIONS,
  latency: MEASURED_LATENCY.portmap!,
  create: () => new PortmapInstance(),
};
