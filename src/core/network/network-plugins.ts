/** The network plugin families a run may use: service proxies (model.proxy) and CNI plugins (network.cni). */
import type { CniPlugin } from "./cni/plugin.js";
import type { ProxyPlugin } from "./proxy-plugin.js";

export interface NetworkPlugins {
  readonly proxy: ReadonlyMap<string, ProxyPlugin>;
  readonly cni: ReadonlyMap<string, CniPlugin>;
}

export const NO_NETWORK_PLUGINS: NetworkPlugins = { proxy: new Map(), cni: new Map() };
