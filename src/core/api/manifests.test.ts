import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ManifestError, defaultPod, loadManifests, parseManifests } from "./manifests.js";
import { milliValue, value } from "./quantity.js";
import type { Pod } from "./types.js";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** The one-line message parseManifests throws for `text` (read as file "m.yaml"). */
function errorOf(text: string): string {
  try {
    parseManifests(text, "m.yaml");
  } catch (e) {
    expect(e).toBeInstanceOf(ManifestError);
    expect((e as Error).message).not.toContain("\n");
    return (e as Error).message;
  }
  throw new Error("expected a ManifestError");
}

const POD = (name: string, extra = "") => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
    - name: app
${extra}`;

describe("loadManifests: fixtures/cluster.yaml", () => {
  it("reads nodes, bound pods from a List, the namespace, the priority class and the Service", async () => {
    const set = await loadManifests(fixture("cluster.yaml"));
    expect(set.nodes.map((n) => n.metadata.name)).toEqual(["node-a1", "node-b1", "node-c1"]);
    expect(set.nodes.map((n) => n.metadata.labels?.["topology.kubernetes.io/zone"])).toEqual(["eu-west-1a", "eu-west-1b", "eu-west-1c"]);
    expect(set.pods.map((p) => `${p.metadata.namespace}/${p.metadata.name}@${p.spec.nodeName}`)).toEqual([
      "team-a/web-0@node-a1",
      "default/trainer-0@node-c1",
    ]);
    expect(set.namespaces.map((n) => n.metadata.name)).toEqual(["team-a"]);
    expect(set.priorityClasses.map((p) => [p.metadata.name, p.value])).toEqual([["high-priority", 100000]]);
    expect(set.services.map((s) => `${s.metadata.namespace}/${s.metadata.name}:${s.spec.ports?.[0]?.port}`)).toEqual(["team-a/web:80"]);
    expect(set.others).toEqual([]);
  });

  it("keeps taints, images and allocatable; defaults allocatable to capacity (SetDefaults_NodeStatus)", async () => {
    const [a1, b1, c1] = (await loadManifests(fixture("cluster.yaml"))).nodes;
    expect(c1!.spec.taints).toEqual([{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }]);
    expect(b1!.spec.taints).toEqual([{ key: "node.kubernetes.io/disk-pressure", effect: "PreferNoSchedule" }]);
    expect(a1!.status.images?.[1]).toEqual({ names: ["docker.io/library/nginx:1.27"], sizeBytes: 72099410 });
    expect(milliValue(a1!.status.allocatable!.cpu!)).toBe(3920);
    expect(value(a1!.status.allocatable!.memory!)).toBe(15584356 * 1024);
    expect(b1!.status.allocatable).toEqual({ cpu: 4, memory: "16Gi", pods: 110 });
    expect(c1!.status.allocatable!["nvidia.com/gpu"]).toBe("1");
  });

  it("admits pods as the API server would: priority class, namespace, requests from limits, uids", async () => {
    const [web, trainer] = (await loadManifests(fixture("cluster.yaml"))).pods;
    expect(web!.spec.priority).toBe(100000);
    expect(web!.spec.preemptionPolicy).toBe("PreemptLowerPriority");
    expect(web!.spec.containers[0]!.resources).toEqual({ requests: { cpu: "500m", memory: "256Mi" }, limits: { memory: "512Mi" } });
    expect(trainer!.metadata.namespace).toBe("default");
    expect(trainer!.spec.priority).toBeUndefined();
    expect(trainer!.spec.containers[0]!.resources!.requests).toEqual({ cpu: "2", memory: "8Gi", "nvidia.com/gpu": 1 });
    expect(trainer!.spec.schedulerName).toBe("default-scheduler");
    expect(web!.metadata.uid).toBe("Pod-team-a-web-0");
    expect(trainer!.metadata.uid).toBe("Pod-default-trainer-0");
    expect(web!.metadata.creationTimestamp).toBeUndefined();
    expect(web!.status?.phase).toBe("Running");
  });

  it("is deterministic: loading twice gives equal objects", async () => {
    expect(await loadManifests(fixture("cluster.yaml"))).toEqual(await loadManifests(fixture("cluster.yaml")));
  });
});

describe("bad fixtures give one line pointing at the offending node", () => {
  it.each([
    ["bad-yaml.yaml", "6:1: invalid YAML: Flow map in block collection must be sufficiently indented and end with a }"],
    ["bad-quantity.yaml", '23:20: items[1].spec.containers[0].resources.requests.cpu: invalid quantity "1x"'],
    ["missing-name.yaml", "9:3: metadata.name: is required"],
    [
      "bad-operator.yaml",
      "15:27: spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator: " +
        'unsupported value "Within" (supported: In, NotIn, Exists, DoesNotExist, Gt, Lt)',
    ],
  ])("%s", async (name, want) => {
    const file = fixture(name);
    const err = await loadManifests(file).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ManifestError);
    expect((err as Error).message).toBe(`${file}:${want}`);
    const [line, col] = want.split(":").map(Number);
    expect(err).toMatchObject({ file, line, col });
  });

  it("a missing file", async () => {
    await expect(loadManifests("/nonexistent/cluster.yaml")).rejects.toThrow(/^\/nonexistent\/cluster.yaml: file not found$/);
  });
});

describe("parseManifests: documents and lists", () => {
  it("skips empty documents and comment-only documents", () => {
    expect(parseManifests("", "m.yaml").pods).toEqual([]);
    const set = parseManifests(`---\n# nothing here\n---\n${POD("a")}---\n---\n`, "m.yaml");
    expect(set.pods.map((p) => p.metadata.name)).toEqual(["a"]);
  });

  it("expands typed lists whose items omit kind and apiVersion (PodList, NodeList)", () => {
    const set = parseManifests(
      `apiVersion: v1
kind: NodeList
items:
  - metadata: {name: n1}
  - metadata: {name: n2}
---
apiVersion: v1
kind: PodList
items:
  - metadata: {name: p1}
    spec: {containers: [{name: c}]}
`,
      "m.yaml",
    );
    expect(set.nodes.map((n) => [n.kind, n.apiVersion, n.metadata.name])).toEqual([
      ["Node", "v1", "n1"],
      ["Node", "v1", "n2"],
    ]);
    expect(set.pods[0]!.kind).toBe("Pod");
  });

  it("items of a plain List must say their kind", () => {
    expect(errorOf("apiVersion: v1\nkind: List\nitems:\n  - metadata: {name: n1}\n")).toBe("m.yaml:4:5: items[0].kind: is required");
  });

  it("keeps other kinds with their line, even inside lists", () => {
    const set = parseManifests(
      "apiVersion: apps/v1\nkind: ControllerRevision\nmetadata: {name: web}\n---\napiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: cfg}}\n",
      "m.yaml",
    );
    expect(set.others).toEqual([
      { kind: "ControllerRevision", name: "web", line: 1 },
      { kind: "ConfigMap", name: "cfg", line: 8 },
    ]);
  });

  it("reads YAML as kubectl does: merge keys work, `yes` is a boolean, timestamps stay strings", () => {
    const set = parseManifests(
      `apiVersion: v1
kind: Node
metadata:
  name: n1
  creationTimestamp: 2024-05-01T10:00:00Z
status:
  capacity: &cap {cpu: "4", memory: 8Gi}
  allocatable:
    <<: *cap
    cpu: 3900m
`,
      "m.yaml",
    );
    expect(set.nodes[0]!.status.allocatable).toEqual({ cpu: "3900m", memory: "8Gi" });
    expect(set.nodes[0]!.metadata.creationTimestamp).toBe("2024-05-01T10:00:00Z");
    expect(errorOf("apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n  labels:\n    gpu: yes\n")).toBe(
      "m.yaml:6:10: metadata.labels.gpu: must be a string, got boolean true (quote it)",
    );
  });
});

describe("parseManifests: errors", () => {
  it("YAML syntax errors: first message line with position", () => {
    expect(errorOf("apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n")).toBe("m.yaml:5:3: invalid YAML: Map keys must be unique");
    expect(errorOf("a: b: c\n")).toBe("m.yaml:1:4: invalid YAML: Nested mappings are not allowed in compact mappings");
    expect(errorOf("apiVersion: v1\nkind: Pod\nmetadata: *nope\n")).toBe("m.yaml:3:11: invalid YAML: unresolved alias *nope (the anchor must be set before the alias)");
  });

  it("kind, apiVersion and the document shape", () => {
    expect(errorOf("- a\n- b\n")).toBe("m.yaml:1:1: expected a Kubernetes object (a mapping with apiVersion, kind and metadata)");
    expect(errorOf("apiVersion: v1\nmetadata: {name: a}\n")).toBe("m.yaml:1:1: kind: is required");
    expect(errorOf("kind: Pod\nmetadata: {name: a}\n")).toBe("m.yaml:1:1: apiVersion: is required");
    expect(errorOf("apiVersion: apps/v1\nkind: Pod\nmetadata: {name: a}\n")).toBe('m.yaml:1:13: apiVersion: "apps/v1" is not the apiVersion of Pod (want v1)');
    expect(errorOf("apiVersion: scheduling.k8s.io/v1beta1\nkind: PriorityClass\nmetadata: {name: a}\nvalue: 1\n")).toMatch(
      /^m\.yaml:1:13: apiVersion: .*want scheduling\.k8s\.io\/v1/,
    );
    expect(errorOf("apiVersion: v1\nkind: Service\nmetadata: {}\n")).toBe("m.yaml:3:11: metadata.name: is required");
  });

  it("names: Pod and Node names must be DNS-1123 subdomains", () => {
    expect(errorOf(POD("Web_0"))).toMatch(/^m\.yaml:4:9: metadata\.name: "Web_0" is not a valid DNS-1123 subdomain/);
    expect(errorOf("apiVersion: v1\nkind: Node\nmetadata:\n  name: Node-1\n")).toMatch(/^m\.yaml:4:9: metadata\.name: "Node-1" is not a valid DNS-1123 subdomain/);
  });

  it("pods: containers present and named", () => {
    expect(errorOf("apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers: []\n")).toBe("m.yaml:5:15: spec.containers: must have at least one container");
    expect(errorOf("apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n    - image: nginx\n")).toBe(
      "m.yaml:6:7: spec.containers[0].name: is required",
    );
    expect(errorOf("apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n")).toBe("m.yaml:1:1: spec: is required");
  });

  it("quantities in node capacity and allocatable", () => {
    expect(errorOf("apiVersion: v1\nkind: Node\nmetadata: {name: n1}\nstatus:\n  allocatable:\n    memory: 16GB\n")).toBe(
      'm.yaml:6:13: status.allocatable.memory: invalid quantity "16GB"',
    );
  });

  it("taint effects, toleration operators, selector operators", () => {
    expect(errorOf("apiVersion: v1\nkind: Node\nmetadata: {name: n1}\nspec:\n  taints:\n    - {key: gpu, effect: NoScheduled}\n")).toBe(
      'm.yaml:6:26: spec.taints[0].effect: unsupported value "NoScheduled" (supported: NoSchedule, PreferNoSchedule, NoExecute)',
    );
    expect(errorOf(POD("a", "  tolerations:\n    - key: gpu\n      operator: Equals\n"))).toBe(
      'm.yaml:10:17: spec.tolerations[0].operator: unsupported value "Equals" (supported: Equal, Exists)',
    );
    const spread = `  topologySpreadConstraints:
    - maxSkew: 1
      topologyKey: topology.kubernetes.io/zone
      whenUnsatisfiable: DoNotSchedule
      labelSelector:
        matchExpressions:
          - {key: app, operator: Lt, values: ["3"]}
`;
    expect(errorOf(POD("a", spread))).toBe(
      'm.yaml:14:34: spec.topologySpreadConstraints[0].labelSelector.matchExpressions[0].operator: unsupported value "Lt" (supported: In, NotIn, Exists, DoesNotExist)',
    );
  });

  it("priority must be an integer and maxSkew at least 1", () => {
    expect(errorOf(POD("a", "  priority: high\n"))).toBe('m.yaml:8:13: spec.priority: must be an integer, got string "high"');
    expect(errorOf(POD("a", "  topologySpreadConstraints:\n    - {maxSkew: 0, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}\n"))).toBe(
      "m.yaml:9:17: spec.topologySpreadConstraints[0].maxSkew: must be greater than or equal to 1, got 0",
    );
  });

  it("stays on one line when a quoted key holds a newline", () => {
    expect(errorOf('apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n  labels: {"a\\nb": x}\n')).toMatch(/^m\.yaml:5:20: metadata\.labels\.a\\nb: /);
  });

  it("duplicate objects are rejected, pointing at the second", () => {
    expect(errorOf(`${POD("a")}---\n${POD("a")}`)).toBe("m.yaml:12:9: metadata.name: duplicate Pod default/a (first defined at line 1)");
    // Same name in another namespace is a different pod.
    expect(parseManifests(`${POD("a")}---\n${POD("a").replace("  name: a", "  name: a\n  namespace: b")}`, "m.yaml").pods).toHaveLength(2);
  });
});

describe("priority admission", () => {
  const PC = (name: string, v: number, extra = "") => `apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: ${name}}\nvalue: ${v}\n${extra}---\n`;

  it("resolves priorityClassName from the same manifests, and the built-in system classes", () => {
    const set = parseManifests(
      `${PC("batch", 10, "preemptionPolicy: Never\n")}${POD("a", "  priorityClassName: batch\n")}---\n${POD("b", "  priorityClassName: system-node-critical\n")}---\n${POD("c", "  priorityClassName: system-cluster-critical\n")}`,
      "m.yaml",
    );
    expect(set.pods.map((p) => [p.spec.priority, p.spec.preemptionPolicy])).toEqual([
      [10, "Never"],
      [2000001000, "PreemptLowerPriority"],
      [2000000000, "PreemptLowerPriority"],
    ]);
  });

  it("an unknown class is an error naming the field", () => {
    expect(errorOf(POD("a", "  priorityClassName: gold\n"))).toBe('m.yaml:8:22: spec.priorityClassName: no PriorityClass with name "gold" was found');
  });

  it("classes can come from elsewhere (options)", () => {
    const gold = { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "gold" }, value: 7 };
    const set = parseManifests(POD("a", "  priorityClassName: gold\n"), "m.yaml", { priorityClasses: [gold] });
    expect(set.pods[0]!.spec.priority).toBe(7);
  });

  it("an explicit priority is kept without a class and must agree with a named class", () => {
    expect(parseManifests(POD("a", "  priority: 5\n"), "m.yaml").pods[0]!.spec.priority).toBe(5);
    expect(parseManifests(`${PC("batch", 10)}${POD("a", "  priorityClassName: batch\n  priority: 10\n")}`, "m.yaml").pods[0]!.spec.priority).toBe(10);
    expect(errorOf(`${PC("batch", 10)}${POD("a", "  priorityClassName: batch\n  priority: 11\n")}`)).toBe(
      'm.yaml:14:13: spec.priority: 11 differs from 10, the value of PriorityClass "batch" (omit it or make them equal)',
    );
  });

  it("the globalDefault class applies to pods that name none; only one may be default", () => {
    const set = parseManifests(`${PC("normal", 100, "globalDefault: true\n")}${POD("a")}---\n${POD("b", "  priority: 3\n")}`, "m.yaml");
    expect(set.pods.map((p) => [p.spec.priorityClassName, p.spec.priority])).toEqual([
      ["normal", 100],
      [undefined, 3],
    ]);
    expect(errorOf(`${PC("one", 1, "globalDefault: true\n")}${PC("two", 2, "globalDefault: true\n")}`)).toBe(
      'm.yaml:11:16: globalDefault: PriorityClass "one" is already marked as default',
    );
  });
});

describe("defaults and uids", () => {
  it("defaultPod (SetDefaults_Pod) copies limits to missing requests, init containers too, and is idempotent", () => {
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p" },
      spec: {
        containers: [{ name: "a", resources: { requests: { cpu: "1" }, limits: { cpu: "2", memory: "1Gi" } } }],
        initContainers: [{ name: "i", resources: { limits: { cpu: "3" } } }],
      },
    } as Pod;
    defaultPod(pod);
    expect(pod.spec.containers[0]!.resources!.requests).toEqual({ cpu: "1", memory: "1Gi" });
    expect(pod.spec.initContainers![0]!.resources!.requests).toEqual({ cpu: "3" });
    expect(pod.metadata.namespace).toBe("default");
    const once = JSON.stringify(pod);
    expect(JSON.stringify(defaultPod(pod))).toBe(once);
  });

  it("keeps explicit uids, rejects duplicates and never hands out the same uid twice", () => {
    const set = parseManifests(
      `${POD("c").replace("  name: c", "  name: c\n  namespace: a-b")}---\n${POD("b-c").replace("  name: b-c", "  name: b-c\n  namespace: a")}---\n${POD("x").replace("  name: x", "  name: x\n  uid: abc-1234")}`,
      "m.yaml",
    );
    expect(set.pods.map((p) => p.metadata.uid)).toEqual(["Pod-a-b-c", "Pod-a-b-c-2", "abc-1234"]);
    expect(errorOf(`${POD("p1").replace("  name: p1", "  name: p1\n  uid: u1")}---\n${POD("p2").replace("  name: p2", "  name: p2\n  uid: u1")}`)).toBe(
      'm.yaml:14:8: metadata.uid: duplicate uid "u1"',
    );
  });
});
