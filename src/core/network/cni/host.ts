/**
 * One host's CNI plugins: a simulated node, or the `clusterlab cni exec` process. Each plugin is created
 * once per host on first use and keeps its state there; a main plugin's IPAM delegation (and flannel's
 * delegation to bridge) runs the plugin of the same host in-process, where the reference plugins exec
 * the binary from CNI_PATH. A simulated host has its own files (flanneld's subnet.env) and shares a
 * cluster-wide map with the other nodes (calico's IPAM datastore).
 */
import { readFileSync, writeFileSync } from "node:fs";
import type { Registry } from "../../registry.js";
import type { Attachment, CniCall } from "./args.js";
import { CNI_ERR, CniError } from "./errors.js";
import type { CniHost, CniPlugin, CniPluginInstance, PluginConf } from "./plugin.js";
import type { CniResult } from "./result.js";

export class PluginHost implements CniHost {
  private readonly instances = new Map<string, CniPluginInstance>();
  /** This host's files (simulated hosts only). */
  readonly files = new Map<string, string>();
  /** Plugin types called since `trace()` began (the runtime's plugins and their delegates), for latency. */
  private calls: string[] | null = null;

  /** `cluster`: state shared with the other hosts of the simulated cluster (a fresh map for a lone host). */
  constructor(
    readonly plugins: Registry<CniPlugin>,
    readonly onDisk: boolean,
    readonly node = "node",
    private readonly cluster = new Map<string, unknown>(),
  ) {}

  readFile(path: string): string | null {
    if (!this.onDisk) return this.files.get(path) ?? null;
    try {
      return readFileSync(path, "utf8");
    } catch {
      return null;
    }
  }

  writeFile(path: string, text: string): void {
    if (this.onDisk) writeFileSync(path, text);
    else this.files.set(path, text);
  }

  /** Starts noting which plugin types are called (see `traced`). */
  trace(): void {
    this.calls = [];
  }

  traced(): string[] {
    const c = this.calls ?? [];
    this.calls = null;
    return c;
  }

  /** Notes that plugin `type` is being called (see `trace`). */
  called(type: string): void {
    this.calls?.push(type);
  }

  shared<T>(key: string, create: () => T): T {
    if (!this.cluster.has(key)) this.cluster.set(key, create());
    return this.cluster.get(key) as T;
  }

  invoke(type: string, command: "ADD", conf: PluginConf, call: CniCall): CniResult;
  invoke(type: string, command: "DEL" | "CHECK", conf: PluginConf, call: CniCall): void;
  invoke(type: string, command: "ADD" | "DEL" | "CHECK", conf: PluginConf, call: CniCall): CniResult | void {
    return this.run(type, command, conf, call);
  }

  private run(type: string, command: "ADD" | "DEL" | "CHECK", conf: PluginConf, call: CniCall): CniResult | void {
    const plugin = this.instance(type);
    this.called(type);
    if (command === "ADD") return plugin.add(conf, call, null);
    if (command === "DEL") return plugin.del(conf, call, null);
    return plugin.check(conf, call, null);
  }

  /** The plugin for a configuration's `type`; a CniError naming the known plugins when there is none. */
  plugin(type: string): CniPlugin {
    const p = this.plugins.get(type);
    if (!p) throw new CniError(CNI_ERR.invalidNetworkConfig, `failed to find plugin "${type}" (simulated plugins: ${this.plugins.names().join(", ")})`);
    return p;
  }

  instance(type: string): CniPluginInstance {
    let i = this.instances.get(type);
    if (!i) this.instances.set(type, (i = this.plugin(type).create(this)));
    return i;
  }

  delegate(command: "ADD", conf: PluginConf, call: CniCall): CniResult;
  delegate(command: "DEL" | "CHECK", conf: PluginConf, call: CniCall): void;
  delegate(command: "ADD" | "DEL" | "CHECK", conf: PluginConf, call: CniCall): CniResult | void {
    return this.run(this.ipamType(conf), command, conf, call);
  }

  delegateGc(conf: PluginConf, valid: readonly Attachment[]): void {
    this.instance(this.ipamType(conf)).gc?.(conf, valid);
  }

  private ipamType(conf: PluginConf): string {
    const ipam = conf.ipam as { type?: unknown } | undefined;
    if (typeof ipam?.type !== "string" || ipam.type === "") throw new CniError(CNI_ERR.invalidNetworkConfig, "IPAM config missing 'ipam' key or 'type'");
    return ipam.type;
  }
}
