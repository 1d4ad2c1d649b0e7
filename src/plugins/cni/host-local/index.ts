/**
 * host-local IPAM, behaving as the reference plugin (containernetworking/plugins plugins/ipam/host-local,
 * v1.1.1): ADD reserves one address per range set (all or nothing, requested addresses honoured), DEL
 * releases every address of the attachment and succeeds when there is none, CHECK finds an address of
 * the attachment. Beyond the reference, which has no GC yet, GC releases addresses of attachments the
 * runtime no longer knows (spec 1.1).
 */
import { readFileSync } from "node:fs";
import type { Attachment, CniCall } from "../../../core/network/cni/args.js";
import type { CniHost, CniPlugin, CniPluginInstance, PluginConf } from "../../../core/network/cni/plugin.js";
import type { CniDNS, CniIPConfig, CniResult } from "../../../core/network/cni/result.js";
import { MEASURED_LATENCY } from "../latency.js";
import { CURRENT_VERSION, SUPPORTED_VERSIONS } from "../../../core/network/cni/version.js";
import { formatIP } from "../../../core/network/ip.js";
import { IpAllocator } from "./allocator.js";
import { loadIpamConfig, type IpamConfig } from "./config.js";
import { DiskStore } from "./disk-store.js";
import { rangeFor } from "./range.js";
import { MemoryStore, type IpStore } from "./store.js";

/** resolv.conf's nameserver, domain, search and options lines (the reference plugin's dns.go). */
export function parseResolvConf(text: string): CniDNS {
  const dns: CniDNS = {};
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const [key, ...rest] = line.split(/\s+/);
    if (rest.length === 0) continue;
    if (key === "nameserver") (dns.nameservers ??= []).push(rest[0]!);
    else if (key === "domain") dns.domain = rest[0]!;
    else if (key === "search") (dns.search ??= []).push(...rest);
    else if (key === "options") (dns.options ??= []).push(...rest);
  }
  return dns;
}

class HostLocal implements CniPluginInstance {
  private readonly stores = new Map<string, IpStore>();

  constructor(private readonly host: CniHost) {}

  /** The network's store (in memory: one per network and data directory of this host). */
  store(config: IpamConfig): IpStore {
    const key = `${config.dataDir}\0${config.name}`;
    if (this.host.onDisk) return new DiskStore(config.name, config.dataDir);
    let s = this.stores.get(key);
    if (!s) this.stores.set(key, (s = new MemoryStore()));
    return s;
  }

  add(conf: PluginConf, call: CniCall): CniResult {
    const { config, requested } = loadIpamConfig(conf, call.args);
    const result: CniResult = { cniVersion: CURRENT_VERSION };
    if (config.resolvConf !== "" && this.host.onDisk) result.dns = parseResolvConf(readFileSync(config.resolvConf, "utf8"));
    const store = this.store(config);
    const allocators: IpAllocator[] = [];
    const pending = new Map(requested.map((ip) => [formatIP(ip), ip]));
    const ips: CniIPConfig[] = [];
    const undo = () => {
      for (const a of allocators) a.release(call.containerId, call.ifname);
    };
    for (let idx = 0; idx < config.ranges.length; idx++) {
      const set = config.ranges[idx]!;
      const allocator = new IpAllocator(set, store, String(idx));
      let want = null;
      for (const [key, ip] of pending) {
        if (rangeFor(set, ip)) {
          want = ip;
          pending.delete(key);
          break;
        }
      }
      try {
        ips.push(allocator.get(call.containerId, call.ifname, want));
      } catch (e) {
        undo();
        throw new Error(`failed to allocate for range ${idx}: ${(e as Error).message}`, { cause: e });
      }
      allocators.push(allocator);
    }
    if (pending.size) {
      undo();
      throw new Error(`failed to allocate all requested IPs: ${[...pending.keys()].join(" ")}`);
    }
    result.ips = ips;
    if (config.routes.length) result.routes = [...config.routes];
    return result;
  }

  /** Addresses reserved in this host's memory stores (the on-disk state is the files themselves). */
  held(): number {
    let n = 0;
    for (const s of this.stores.values()) n += (s as MemoryStore).size;
    return n;
  }

  del(conf: PluginConf, call: CniCall): void {
    const { config } = loadIpamConfig(conf, call.args);
    const store = this.store(config);
    for (const set of config.ranges) new IpAllocator(set, store, "").release(call.containerId, call.ifname);
  }

  check(conf: PluginConf, call: CniCall): void {
    const { config } = loadIpamConfig(conf, call.args);
    if (!this.store(config).findById(call.containerId, call.ifname)) {
      throw new Error(`host-local: Failed to find address added by container ${call.containerId}`);
    }
  }

  gc(conf: PluginConf, valid: readonly Attachment[]): void {
    const { config } = loadIpamConfig(conf, "");
    const store = this.store(config);
    const keep = new Set(valid.map((a) => `${a.containerID}\0${a.ifname}`));
    const stale = [...store.reservations()].filter((r) => !keep.has(`${r.id}\0${r.ifname}`));
    for (const r of stale) store.releaseById(r.id, r.ifname);
  }
}

export const hostLocalPlugin: CniPlugin = {
  name: "host-local",
  description: "IPAM: addresses from local range sets, round-robin after the last reserved (reference host-local)",
  ipam: true,
  supportedVersions: SUPPORTED_VERSIONS,
  latency: MEASURED_LATENCY["host-local"]!,
  create: (host) => new HostLocal(host),
};
