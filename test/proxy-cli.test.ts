// `clusterlab proxy rules` from the command line: slices derived from Pods, allocated cluster IPs, ipsets.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./helpers.js";

const MANIFESTS = `apiVersion: v1
kind: Node
metadata: {name: node-1}
spec: {podCIDR: 10.244.7.0/24}
---
apiVersion: v1
kind: Node
metadata: {name: node-2}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
${["a:node-1:Running", "b:node-2:Running", "c:node-2:Pending"]
  .map((s) => {
    const [n, node, phase] = s.split(":");
    return `---
apiVersion: v1
kind: Pod
metadata: {name: web-${n}, namespace: shop, labels: {app: web}}
spec: {nodeName: ${node}, containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
status: {phase: ${phase}}
`;
  })
  .join("")}`;

describe("clusterlab proxy rules", () => {
  const dir = mkdtempSync(join(tmpdir(), "clusterlab-proxy-"));
  const file = join(dir, "m.yaml");
  writeFileSync(file, MANIFESTS);

  it("derives EndpointSlices from Pods: running pods only, addresses from the nodes' pod CIDRs, named port resolved", () => {
    const r = cli(["proxy", "rules", "--mode", "iptables", "-f", file, "--cluster-cidr", "10.244.0.0/16"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const dnat = r.stdout.split("\n").filter((l) => l.includes("--to-destination")).map((l) => l.split(" ").at(-1));
    // node-1 has spec.podCIDR 10.244.7.0/24; node-2 gets the cluster CIDR's first /24
    expect(dnat.sort()).toEqual(["10.244.0.2:8080", "10.244.7.2:8080"]);
  });

  it("allocates the cluster IP the manifest leaves out, the same one every time", () => {
    const a = cli(["proxy", "rules", "--mode", "nftables", "-f", file, "--service-cidr", "10.96.0.0/16"]);
    const vip = /add element ip kube-proxy service-ips \{ (10\.96\.\d+\.\d+) \. tcp \. 80/.exec(a.stdout)?.[1];
    expect(vip).toBeDefined();
    expect(cli(["proxy", "rules", "--mode", "nftables", "-f", file, "--service-cidr", "10.96.0.0/16"]).stdout).toBe(a.stdout);
  });

  it("--mode maglev takes a prime table size, and says which sizes when given another", () => {
    expect(cli(["proxy", "rules", "--mode", "maglev", "--maglev-table-size", "251", "-f", file]).code).toBe(0);
    const bad = cli(["proxy", "rules", "--mode", "maglev", "--maglev-table-size", "1000", "-f", file]);
    expect(bad.stderr).toMatch(/^clusterlab proxy: maglev: the table size must be a prime number \(Cilium allows 251, 509, .*\), got 1000\n$/);
    expect(bad.code).toBe(2);
  });

  it("--mode ipvs prints ipvsadm-restore input, and with --ipsets the ipsets", () => {
    const vs = cli(["proxy", "rules", "--mode", "ipvs", "-f", file]);
    expect(vs.stdout).toMatch(/^-A -t 10\.\d+\.\d+\.\d+:80 -s rr\n-a -t /);
    const sets = cli(["proxy", "rules", "--mode", "ipvs", "--ipsets", "-f", file]);
    expect(sets.stdout).toContain("create KUBE-CLUSTER-IP hash:ip,port family inet hashsize 1024 maxelem 65536 -exist");
  });
});
