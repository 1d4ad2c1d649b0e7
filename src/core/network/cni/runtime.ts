/**
 * The container runtime's side of CNI (libcni's AddNetworkList and friends), in-process: ADD runs the
 * list's plugins in order, each given the previous plugin's result, stops at the first error and caches
 * the final result per attachment (network, container ID, interface); DEL runs them in reverse with the
 * cached result (spec 0.4.0 and later) and succeeds for an attachment it never saw; CHECK (0.4.0+, unless
 * disableCheck) and GC/STATUS (1.1.0+, GC unless disableGC) as the spec says. Capability arguments
 * (portMappings, bandwidth, ipRanges, …) reach `runtimeConfig` of the plugins that declare them.
 * A plugin's failure is rethrown naming the plugin and the command, as containerd logs it.
 */
import type { Attachment, CniCall } from "./args.js";
import { asCniError, CniError } from "./errors.js";
import type { NetworkConfigList } from "./conflist.js";
import type { PluginHost } from "./host.js";
import type { PluginConf } from "./plugin.js";
import type { CniResult } from "./result.js";
import { atLeast, checkCompatible } from "./version.js";

/** A plugin's failure: the spec's error, plus which plugin failed in which command. */
export class CniPluginError extends CniError {
  constructor(
    readonly plugin: string,
    readonly command: string,
    cause: CniError,
  ) {
    super(cause.code, `plugin type="${plugin}" failed (${command.toLowerCase()}): ${cause.msg}`, cause.details);
    this.name = "CniPluginError";
  }
}

const key = (network: string, call: CniCall) => `${network}\0${call.containerId}\0${call.ifname}`;

function withCapabilities(conf: PluginConf, capabilityArgs: Readonly<Record<string, unknown>> | undefined): PluginConf {
  const caps = conf.capabilities as Readonly<Record<string, unknown>> | undefined;
  if (!capabilityArgs || !caps) return conf;
  const runtimeConfig: Record<string, unknown> = {};
  let any = false;
  for (const [cap, on] of Object.entries(caps)) {
    if (on === true && cap in capabilityArgs) {
      runtimeConfig[cap] = capabilityArgs[cap];
      any = true;
    }
  }
  return any ? { ...conf, runtimeConfig } : conf;
}

export class CniRuntime {
  private readonly results = new Map<string, CniResult>();

  constructor(readonly host: PluginHost) {}

  private invoke<T>(conf: PluginConf, command: string, fn: () => T): T {
    this.host.called(conf.type);
    try {
      checkCompatible(conf.cniVersion || "0.1.0", this.host.plugin(conf.type).supportedVersions);
      return fn();
    } catch (e) {
      throw new CniPluginError(conf.type, command, asCniError(e));
    }
  }

  add(list: NetworkConfigList, call: CniCall, capabilityArgs?: Readonly<Record<string, unknown>>): CniResult {
    let prev: CniResult | null = null;
    for (const p of list.plugins) {
      const conf = withCapabilities(p, capabilityArgs);
      const current: CniResult | null = prev;
      prev = this.invoke(conf, "ADD", () => this.host.instance(conf.type).add(conf, call, current));
    }
    const result = prev!;
    this.results.set(key(list.name, call), result);
    return result;
  }

  /** The final ADD result of an attachment, while it exists. */
  cachedResult(list: NetworkConfigList, call: CniCall): CniResult | null {
    return this.results.get(key(list.name, call)) ?? null;
  }

  del(list: NetworkConfigList, call: CniCall, capabilityArgs?: Readonly<Record<string, unknown>>): void {
    const cached = atLeast(list.cniVersion || "0.1.0", "0.4.0") ? this.cachedResult(list, call) : null;
    for (let i = list.plugins.length - 1; i >= 0; i--) {
      const conf = withCapabilities(list.plugins[i]!, capabilityArgs);
      this.invoke(conf, "DEL", () => this.host.instance(conf.type).del(conf, call, cached));
    }
    this.results.delete(key(list.name, call));
  }

  check(list: NetworkConfigList, call: CniCall): void {
    if (!atLeast(list.cniVersion || "0.1.0", "0.4.0")) throw new Error(`configuration version "${list.cniVersion}" does not support the CHECK command`);
    if (list.disableCheck) return;
    const cached = this.cachedResult(list, call);
    if (!cached) throw new Error(`failed to get network "${list.name}" cached result: no cached result for ${call.containerId}/${call.ifname}`);
    for (const conf of list.plugins) this.invoke(conf, "CHECK", () => this.host.instance(conf.type).check(conf, call, cached));
  }

  /** Spec 1.1 GC: plugins release what belongs to attachments outside `valid`; the cache forgets them. */
  gc(list: NetworkConfigList, valid: readonly Attachment[]): void {
    if (!atLeast(list.cniVersion || "0.1.0", "1.1.0") || list.disableGC) return;
    for (const conf of list.plugins) this.invoke(conf, "GC", () => this.host.instance(conf.type).gc?.(conf, valid));
    const keep = new Set(valid.map((a) => `${list.name}\0${a.containerID}\0${a.ifname}`));
    for (const k of this.results.keys()) if (k.startsWith(`${list.name}\0`) && !keep.has(k)) this.results.delete(k);
  }

  status(list: NetworkConfigList): void {
    if (!atLeast(list.cniVersion || "0.1.0", "1.1.0")) return;
    for (const conf of list.plugins) this.invoke(conf, "STATUS", () => this.host.instance(conf.type).status?.(conf));
  }
}
