/**
 * loopback (containernetworking/plugins plugins/main/loopback): brings up `lo` in the container's network
 * namespace. ADD returns the previous result when chained, else `lo` with 127.0.0.1/8 and ::1/128 (a new
 * namespace's loopback addresses); DEL and CHECK have nothing to undo or verify in a simulation.
 */
import type { CniPlugin } from "../../../core/network/cni/plugin.js";
import { MEASURED_LATENCY } from "../latency.js";
import { CURRENT_VERSION, SUPPORTED_VERSIONS } from "../../../core/network/cni/version.js";

export const loopbackPlugin: CniPlugin = {
  name: "loopback",
  description: "brings up the container's lo (127.0.0.1/8, ::1/128)",
  ipam: false,
  supportedVersions: SUPPORTED_VERSIONS,
  latency: MEASURED_LATENCY.loopback!,
  create: () => ({
    add: (_conf, call, prev) =>
      prev ?? {
        cniVersion: CURRENT_VERSION,
        interfaces: [{ name: "lo", mac: "00:00:00:00:00:00", sandbox: call.netns }],
        ips: [
          { interface: 0, address: "127.0.0.1/8" },
          { interface: 0, address: "::1/128" },
        ],
      },
    del: () => {},
    check: () => {},
  }),
};
