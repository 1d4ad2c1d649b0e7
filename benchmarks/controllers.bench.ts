/**
 * Controllers at scale, through `clusterlab scenario` as a user runs it: 1,000 Deployments of 10 replicas
 * (10,000 pods) on 1,000 nodes, then a rolling update of every one of them (a new image applied at 5 m:
 * 20,000 pods made in all). Floor: the whole scenario in under 30 s of wall time on this machine.
 *   npx tsc -p tsconfig.bench.json && node dist-bench/benchmarks/controllers.bench.js [--deployments N] [--replicas R] [--nodes M]
 */
import "reflect-metadata";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { flag, machine, peakRssMiB, timedRun } from "./common.js";

const deployments = Number(flag("deployments", "1000"));
const replicas = Number(flag("replicas", "10"));
const nodes = Number(flag("nodes", "1000"));

function manifests(image: string): string {
  let out = "";
  for (let i = 0; i < deployments; i++) {
    out += `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: app-${i}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: app-${i}}}
  template:
    metadata: {labels: {app: app-${i}}}
    spec:
      containers:
      - {name: main, image: "${image}", resources: {requests: {cpu: 100m, memory: 128Mi}}}
`;
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), "clusterlab-controllers-bench-"));
writeFileSync(join(dir, "v1.yaml"), manifests("app:v1"));
writeFileSync(join(dir, "v2.yaml"), manifests("app:v2"));
writeFileSync(
  join(dir, "scenario.yaml"),
  `apiVersion: clusterlab/v1
kind: Scenario
metadata: {name: rollout-bench}
cluster:
  generate: {count: ${nodes}, cpu: "32", memory: 256Gi}
history: false
timeline:
  - {at: 0s, apply: v1.yaml}
  - {at: 5m, apply: v2.yaml}
`,
);

console.log(`controllers benchmark on ${machine()}`);
console.log(`${deployments} Deployments × ${replicas} replicas on ${nodes} nodes, then a rolling update of all of them`);
const { wall, cpu } = await timedRun(join(dir, "scenario.yaml"), join(dir, "out"));
const summary = JSON.parse(readFileSync(join(dir, "out", "default", "scenario", "seed-1", "summary.json"), "utf8"));
rmSync(dir, { recursive: true, force: true });
const pods = summary.pods;
console.log(`wall ${wall.toFixed(2)} s, CPU ${cpu.toFixed(2)} s, peak RSS ${peakRssMiB().toFixed(0)} MiB`);
console.log(`pods made ${pods.arrived} (running ${pods.running}, deleted ${pods.deleted ?? 0}), scheduling decisions ${summary.scheduling_attempts}, ${summary.decisions_per_second}/s; events ${summary.scenario.events}; virtual end ${(summary.end_us / 1e6).toFixed(0)} s`);
const expected = deployments * replicas;
const ok = wall < 30 && pods.running === expected && pods.arrived === 2 * expected;
console.log(`${ok ? "PASS" : "FAIL"}  floor: under 30 s with every Deployment rolled out (${pods.running}/${expected} new pods running)`);
if (!ok) process.exitCode = 1;
