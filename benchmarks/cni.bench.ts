/**
 * CNI floors and costs, on this machine:
 *  - in-process ADD+DEL of host-local at least 100,000 pod setups per second on one core, and the
 *    throughput of whole simulated chains (containerd's bridge list, flannel's, Calico's);
 *  - what pod networking costs a whole run: the openb replay (8,152 pods on 1,523 nodes) without and
 *    with flannel's list (decisions per second, wall seconds).
 *   node dist-bench/benchmarks/cni.bench.js
 */
import "reflect-metadata";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Bench } from "tinybench";
import type { CniCall } from "../src/core/network/cni/args.js";
import { fillInstallCniPlaceholders, networkConfigFromFile } from "../src/core/network/cni/conflist.js";
import { PluginHost } from "../src/core/network/cni/host.js";
import type { PluginConf } from "../src/core/network/cni/plugin.js";
import { CniRuntime } from "../src/core/network/cni/runtime.js";
import { decodeExperiment } from "../src/core/experiment/spec.js";
import { runExperiment } from "../src/core/experiment/run.js";
import { loadYaml } from "../src/core/util/yaml-doc.js";
import { inTreeCniRegistry } from "../src/plugins/cni/index.js";
import { inTreeProxyRegistry } from "../src/plugins/proxy/index.js";
import { inTreeRegistry } from "../src/plugins/scheduling/index.js";
import { machine } from "./common.js";

let failed = 0;
const check = (what: string, ok: boolean, detail: string) => {
  console.log(`${ok ? "PASS" : "FAIL"}  ${what}: ${detail}`);
  if (!ok) failed++;
};
const examples = new URL("../../examples/", import.meta.url).pathname;
console.log(`CNI benchmarks on ${machine()}`);

const calls: CniCall[] = Array.from({ length: 4096 }, (_, i) => ({ containerId: `c${i}`, netns: `/var/run/netns/c${i}`, ifname: "eth0", args: `IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=p${i}`, path: "/opt/cni/bin" }));

// host-local alone, as bridge calls it: one ADD and one DEL per pod, 64 pods live at a time.
const hostLocal = new PluginHost(inTreeCniRegistry(), false, "node-1").instance("host-local");
const hlConf: PluginConf = { cniVersion: "1.0.0", name: "bench", type: "bridge", ipam: { type: "host-local", ranges: [[{ subnet: "10.244.0.0/16" }]] } };
let n = 0;
const bench = new Bench({ time: 1000, warmupTime: 200 });
bench.add("host-local ADD+DEL", () => {
  const c = calls[n++ & 4095]!;
  hostLocal.add(hlConf, c, null);
  hostLocal.del(hlConf, calls[(n + 4032) & 4095]!, null);
});
for (const [label, file] of [
  ["containerd bridge + host-local + portmap", "10-containerd-net.conflist"],
  ["flannel (bridge + host-local) + portmap", "10-flannel.conflist"],
  ["calico + calico-ipam + portmap + bandwidth", "10-calico.conflist"],
] as const) {
  const host = new PluginHost(inTreeCniRegistry(), false, "node-1");
  host.files.set("/run/flannel/subnet.env", "FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.1.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n");
  const list = networkConfigFromFile(file, fillInstallCniPlaceholders(readFileSync(join(examples, "cni", file), "utf8"), "node-1"));
  const rt = new CniRuntime(host);
  let k = 0;
  bench.add(`${label} ADD+DEL`, () => {
    rt.add(list, calls[k++ & 4095]!, { portMappings: [] });
    rt.del(list, calls[(k + 4032) & 4095]!);
  });
}
await bench.run();
for (const t of bench.tasks) {
  const r = t.result;
  if (r.state !== "completed") throw new Error(`${t.name}: ${r.state}`);
  const hz = r.throughput.mean;
  const line = `${Math.round(hz).toLocaleString("en-US")} pod setups/s (±${r.latency.rme.toFixed(1)}%)`;
  if (t.name === "host-local ADD+DEL") check("host-local ADD+DEL in process, one core", hz >= 100_000, `${line} (floor 100,000/s)`);
  else console.log(`      ${t.name}: ${line}`);
}

// A whole run with and without pod networking.
const out = mkdtempSync(join(tmpdir(), "clusterlab-bench-cni-"));
copyFileSync(join(examples, "cni", "10-flannel.conflist"), join(out, "10-flannel.conflist"));
const base = readFileSync(join(examples, "openb-default.yaml"), "utf8").replaceAll("../traces/", `${join(examples, "..", "traces")}/`);
writeFileSync(join(out, "plain.yaml"), base);
// 1,523 nodes need a cluster CIDR with more than 256 /24s: the default 10.128.0.0/9.
writeFileSync(join(out, "flannel.yaml"), `${base}\nnetwork:\n  cni: 10-flannel.conflist\n`);
const results: Record<string, { wall: number; dps: number }> = {};
for (const name of ["plain", "flannel"]) {
  const spec = decodeExperiment(await loadYaml(join(out, `${name}.yaml`)));
  const t0 = performance.now();
  const { summary } = await runExperiment(spec, { outDir: join(out, name), registry: inTreeRegistry(), networkPlugins: { proxy: inTreeProxyRegistry(), cni: inTreeCniRegistry() } });
  results[name] = { wall: (performance.now() - t0) / 1000, dps: summary.decisions_per_second };
  if (name === "flannel" && summary.network?.sandbox_adds !== summary.pods.scheduled) throw new Error(`${summary.network?.sandbox_adds} sandboxes for ${summary.pods.scheduled} pods`);
}
rmSync(out, { recursive: true, force: true });
console.log(
  `      openb replay (8,152 pods, 1,523 nodes): ${results.plain!.dps.toLocaleString("en-US")} decisions/s, ${results.plain!.wall.toFixed(2)} s without networking; ` +
    `${results.flannel!.dps.toLocaleString("en-US")} decisions/s, ${results.flannel!.wall.toFixed(2)} s with flannel (+${(((results.flannel!.wall - results.plain!.wall) / results.plain!.wall) * 100).toFixed(0)}% wall)`,
);
process.exitCode = failed ? 1 : 0;
