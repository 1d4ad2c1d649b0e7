/** `clusterlab proxy rules --mode <plugin> -f <manifests.yaml> [options]`: a node's proxy rules in the real tool's syntax. */
import { parseArgs } from "node:util";
import { loadManifests } from "../core/api/manifests.js";
import { InputError } from "../core/errors.js";
import { parseCidr, parseIPv4 } from "../core/network/ipv4.js";
import type { ProxyNode } from "../core/network/proxy-plugin.js";
import { proxyState } from "../core/network/proxy-state.js";
import { Rng } from "../core/engine/rng.js";
import { deriveEndpointSlices } from "../core/network/derive-slices.js";
import { DEFAULT_SERVICE_RANGES, ServiceAllocator } from "../core/network/service-allocator.js";
import { IpvsDataPlane } from "../plugins/proxy/ipvs/index.js";
import { inTreePlugins } from "../plugins/index.js";
import { intOption } from "./driver-options.js";

export const PROXY_HELP = `Usage: clusterlab proxy rules --mode <mode> -f <manifests.yaml> [options]

Prints the rules a node's kube-proxy would load for the Services and EndpointSlices (or Pods) in the manifests,
as input for the real tool: iptables mode for iptables-restore --noflush, nftables mode for nft -f, ipvs
mode for ipvsadm-restore (maglev: the frontends and their backends). Services without a cluster IP,
headless and ExternalName services get no rules, as in kube-proxy.

Options:
  --mode MODE          proxy plugin: ${inTreePlugins().proxy.names().join(", ")}
  -f, --file FILE      Services and EndpointSlices (multi-document YAML or a List); repeat for several files
  --node NAME          the node the proxy runs on: its endpoints are local (default: node-1)
  --node-ip IP         the node's address (default: 192.0.2.1)
  --zone ZONE          the node's topology.kubernetes.io/zone, for trafficDistribution (default: none)
  --cluster-cidr CIDR  kube-proxy's --cluster-cidr: traffic from outside it to a cluster IP is masqueraded
  --masquerade-all     kube-proxy's --masquerade-all
  --service-cidr CIDR  where Services without spec.clusterIP get one (default 10.96.0.0/12), as the API
                       server allocates them; requested addresses are checked against it
  --node-port-range A-B  where NodePort and LoadBalancer services get node ports (default 30000-32767)
  --seed N             seed of those allocations (default 1)
  --ipsets             with --mode ipvs: print the ipsets kube-proxy keeps (ipset restore input) instead
  --maglev-table-size M  with --mode maglev: the prime table size (default 16381, Cilium's)

Without EndpointSlices in the manifests, their Pods (with spec.nodeName; addresses from status.podIP or
the node's pod CIDR) are listed into slices as the EndpointSlice controller would.
  -h, --help           show this help`;

export async function proxyCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      mode: { type: "string" }, file: { type: "string", short: "f", multiple: true }, node: { type: "string" },
      "node-ip": { type: "string" }, zone: { type: "string" }, "cluster-cidr": { type: "string" },
      "masquerade-all": { type: "boolean" }, "service-cidr": { type: "string" }, "node-port-range": { type: "string" }, seed: { type: "string" }, ipsets: { type: "boolean" }, "maglev-table-size": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(PROXY_HELP);
    return 0;
  }
  const [sub, ...extra] = positionals;
  if (sub !== "rules") throw new InputError(`expected the subcommand "rules"${sub ? `, got "${sub}"` : ""} (see clusterlab proxy --help)`);
  if (extra.length) throw new InputError(`unexpected argument "${extra[0]}"`);
  if (!values.mode) throw new InputError(`--mode is required (modes: ${inTreePlugins().proxy.names().join(", ")})`);
  if (!values.file?.length) throw new InputError("-f <manifests.yaml> is required (Services, and EndpointSlices or Pods)");
  const plugins = inTreePlugins().proxy;
  if (!plugins.has(values.mode)) throw new InputError(`unknown --mode "${values.mode}" (modes: ${plugins.names().join(", ")})`);
  const ip = values["node-ip"] ?? "192.0.2.1";
  if (parseIPv4(ip) === null) throw new InputError(`--node-ip must be an IPv4 address, got "${ip}"`);
  const cidr = values["cluster-cidr"] ?? null;
  if (cidr !== null && parseCidr(cidr) === null) throw new InputError(`--cluster-cidr must be an IPv4 CIDR such as 10.244.0.0/16, got "${cidr}"`);
  const node: ProxyNode = { name: values.node ?? "node-1", ip, zone: values.zone ?? "", clusterCIDR: cidr, masqueradeAll: values["masquerade-all"] ?? false };
  const range = /^(\d+)-(\d+)$/.exec(values["node-port-range"] ?? "30000-32767");
  if (!range || Number(range[1]) > Number(range[2]) || Number(range[2]) > 65535) {
    throw new InputError(`--node-port-range must be FROM-TO within 1-65535, got "${values["node-port-range"]}"`);
  }
  const seed = values.seed === undefined ? 1 : intOption("proxy", values.seed, "--seed", 0);
  const allocator = new ServiceAllocator({ serviceCIDR: values["service-cidr"] ?? DEFAULT_SERVICE_RANGES.serviceCIDR, nodePortMin: Number(range[1]), nodePortMax: Number(range[2]) }, Rng.seeded(seed));
  const sets = await Promise.all(values.file.map((f) => loadManifests(f)));
  const services = allocator.allocateAll(sets.flatMap((s) => s.services));
  const given = sets.flatMap((s) => s.endpointSlices);
  const pods = sets.flatMap((s) => s.pods);
  // Without EndpointSlices, the Pods (if any) stand for them, as the EndpointSlice controller would list them.
  const slices = given.length === 0 && pods.length > 0 ? deriveEndpointSlices(services, pods, sets.flatMap((s) => s.nodes), cidr ?? undefined) : given;
  const state = proxyState(services, slices, node.name);
  const options = values["maglev-table-size"] === undefined ? {} : { tableSize: intOption("proxy", values["maglev-table-size"], "--maglev-table-size", 2) };
  const plane = plugins.lookup(values.mode).create(node, options);
  plane.sync(state, null);
  process.stdout.write(values.ipsets && plane instanceof IpvsDataPlane ? plane.ipsetText() : plane.ruleText());
  return 0;
}
