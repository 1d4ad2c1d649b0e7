/** The in-tree service-proxy plugins (the proxy family's registry). */
import type { ProxyPlugin } from "../../core/network/proxy-plugin.js";
import { Registry } from "../../core/registry.js";
import { iptablesPlugin } from "./iptables/index.js";
import { ipvsPlugin } from "./ipvs/index.js";
import { maglevPlugin } from "./maglev/index.js";
import { nftablesPlugin } from "./nftables/index.js";

export function inTreeProxyRegistry(): Registry<ProxyPlugin> {
  return new Registry<ProxyPlugin>("proxy plugin", [iptablesPlugin, nftablesPlugin, ipvsPlugin, maglevPlugin]);
}
