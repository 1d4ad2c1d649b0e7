/**
 * One host's CNI plugins: a simulated node, or the `clusterlab cni exec` process. Each plugin is created
 * once per host on first use and keeps its state there; a main plugin's IPAM delegation runs the IPAM
 * plugin of the same host (in-process, where the reference plugins exec the binary from CNI_PATH).
 */
import type { Registry } from "../../registry.js";
import type { Attachment, CniCall } from "./args.js";
import { CNI_ERR, CniError } from "./errors.js";
import type { CniHost, CniPlugin, CniPluginInstance, PluginConf } from "./plugin.js";
import type { CniResult } from "./result.js";

export class PluginHost implements CniHost {
  private readonly instances = new Map<string, CniPluginInstance>();

  constructor(
    readonly plugins: Registry<CniPlugin>,
    readonly onDisk: boolean,
  ) {}

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
    const plugin = this.ipam(conf);
    if (command === "ADD") return plugin.add(conf, call, null);
    if (command === "DEL") return plugin.del(conf, call, null);
    return plugin.check(conf, call, null);
  }

  delegateGc(conf: PluginConf, valid: readonly Attachment[]): void {
    this.ipam(conf).gc?.(conf, valid);
  }

  private ipam(conf: PluginConf): CniPluginInstance {
    const ipam = conf.ipam as { type?: unknown } | undefined;
    if (typeof ipam?.type !== "string" || ipam.type === "") throw new CniError(CNI_ERR.invalidNetworkConfig, "IPAM config missing 'ipam' key or 'type'");
    return this.instance(ipam.type);
  }
}
