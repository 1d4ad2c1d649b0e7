/** The in-tree CNI plugins (the CNI family's registry). */
import type { CniPlugin } from "../../core/network/cni/plugin.js";
import { Registry } from "../../core/registry.js";
import { bandwidthPlugin } from "./bandwidth/index.js";
import { bridgePlugin } from "./bridge/index.js";
import { calicoPlugin } from "./calico/index.js";
import { calicoIpamPlugin } from "./calico/ipam.js";
import { flannelPlugin } from "./flannel/index.js";
import { hostLocalPlugin } from "./host-local/index.js";
import { loopbackPlugin } from "./loopback/index.js";
import { portmapPlugin } from "./portmap/index.js";

export function inTreeCniRegistry(): Registry<CniPlugin> {
  return new Registry<CniPlugin>("CNI plugin", [hostLocalPlugin, loopbackPlugin, bridgePlugin, portmapPlugin, bandwidthPlugin, flannelPlugin, calicoPlugin, calicoIpamPlugin]);
}
