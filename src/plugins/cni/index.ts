/** The in-tree CNI plugins (the CNI family's registry). */
import type { CniPlugin } from "../../core/network/cni/plugin.js";
import { Registry } from "../../core/registry.js";
import { hostLocalPlugin } from "./host-local/index.js";

export function inTreeCniRegistry(): Registry<CniPlugin> {
  return new Registry<CniPlugin>("CNI plugin", [hostLocalPlugin]);
}
