// Name/label rules from apimachinery util/validation/validation_test.go; object rules from
// pkg/apis/core/validation (test names in each `it`). Manifest-level positions are in manifests.test.ts.
import { describe, expect, it } from "vitest";
import {
  FieldError,
  dns1123LabelError,
  dns1123SubdomainError,
  formatPath,
  labelValueError,
  qualifiedNameError,
  validateNode,
  validatePod,
  validatePriorityClass,
} from "./validate.js";

describe("names and labels", () => {
  it("TestIsQualifiedName", () => {
    const good = [
      "simple",
      "now-with-dashes",
      "1-starts-with-num",
      "1234",
      "simple/simple",
      "now-with-dashes/simple",
      "now.with.dots/simple",
      "1-num.2-num/3-num",
      "1.2.3.4/5678",
      "Uppercase_Is_OK_123",
      "example.com/Uppercase_Is_OK_123",
      "requests.storage-foo",
      "a".repeat(63),
      `${"a".repeat(253)}/${"b".repeat(63)}`,
    ];
    const bad = [
      "",
      "/simple",
      "simple/",
      "_starts-with-underscore",
      "ends-with-underscore_",
      "nospecialchars%^=@",
      "cantendwithadash-",
      "-cantstartwithadash-",
      "only/one/slash",
      "Example.com/abc",
      "example_com/abc",
      "a".repeat(64),
      `${"a".repeat(254)}/abc`,
    ];
    for (const v of good) expect(qualifiedNameError(v), v).toBeNull();
    for (const v of bad) expect(qualifiedNameError(v), v).not.toBeNull();
  });

  it("TestIsValidLabelValue", () => {
    for (const v of ["simple", "now-with-dashes", "1-starts-with-num", "end-with-num-1", "1234", "a".repeat(63), ""]) {
      expect(labelValueError(v), v).toBeNull();
    }
    for (const v of ["nospecialchars%^=@", "Tama-nui-te-rā", "\u2022", "-cantstartwithadash", "cantendwithadash-", "a/b", "a".repeat(64)]) {
      expect(labelValueError(v), v).not.toBeNull();
    }
  });

  it("TestIsDNS1123Label / TestIsDNS1123Subdomain", () => {
    expect(dns1123LabelError("a-1")).toBeNull();
    expect(dns1123LabelError("a".repeat(63))).toBeNull();
    expect(dns1123LabelError("a.b")).not.toBeNull();
    expect(dns1123LabelError("A")).not.toBeNull();
    expect(dns1123LabelError("a".repeat(64))).toMatch(/no more than 63/);
    expect(dns1123SubdomainError("a.b-c.d1")).toBeNull();
    expect(dns1123SubdomainError("a..b")).not.toBeNull();
    expect(dns1123SubdomainError("Node-1")).not.toBeNull();
    expect(dns1123SubdomainError("-a")).not.toBeNull();
    expect(dns1123SubdomainError("a".repeat(254))).toMatch(/no more than 253/);
  });

  it("formatPath joins keys with dots and indexes with brackets", () => {
    expect(formatPath(["items", 1, "spec", "containers", 0, "name"])).toBe("items[1].spec.containers[0].name");
    expect(formatPath([])).toBe("");
  });
});

const pod = (spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: "p" }) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata,
  spec: { containers: [{ name: "c" }], ...spec },
});

/** The FieldError validatePod throws, as "path: problem". */
function podError(spec: Record<string, unknown>, metadata?: Record<string, unknown>): string {
  try {
    validatePod(pod(spec, metadata));
  } catch (e) {
    if (e instanceof FieldError) return e.message;
    throw e;
  }
  return "valid";
}

describe("validatePod", () => {
  it("accepts a minimal pod", () => {
    expect(podError({})).toBe("valid");
  });

  it("ValidatePodSpec: containers must be present and named, names unique DNS labels", () => {
    expect(podError({ containers: [] })).toBe("spec.containers: must have at least one container");
    expect(podError({ containers: undefined })).toBe("spec.containers: must have at least one container");
    expect(podError({ containers: [{ image: "x" }] })).toBe("spec.containers[0].name: is required");
    expect(podError({ containers: [{ name: "c" }, { name: "c" }] })).toBe('spec.containers[1].name: duplicate container name "c"');
    expect(podError({ initContainers: [{ name: "c" }] })).toBe('spec.initContainers[0].name: duplicate container name "c"');
    expect(podError({ containers: [{ name: "Web_1" }] })).toMatch(/^spec\.containers\[0\]\.name: "Web_1" is not a valid DNS-1123 label/);
  });

  it("ValidateObjectMeta: pod names are DNS-1123 subdomains, namespaces labels", () => {
    expect(podError({}, {})).toBe("metadata.name: is required");
    expect(podError({}, { name: "Web" })).toMatch(/^metadata\.name: "Web" is not a valid DNS-1123 subdomain/);
    expect(podError({}, { name: "web.v1" })).toBe("valid");
    expect(podError({}, { name: "web", namespace: "a.b" })).toMatch(/^metadata\.namespace: "a\.b" is not a valid DNS-1123 label/);
    expect(podError({}, { name: "web", labels: { app: true } })).toBe("metadata.labels.app: must be a string, got boolean true (quote it)");
    expect(podError({}, { name: "web", labels: { "bad key": "x" } })).toMatch(/^metadata\.labels\.bad key: /);
  });

  it("ValidateResourceRequirements: quantities parse, are non-negative and requests ≤ limits", () => {
    const res = (resources: unknown) => podError({ containers: [{ name: "c", resources }] });
    expect(res({ requests: { cpu: "1x" } })).toBe('spec.containers[0].resources.requests.cpu: invalid quantity "1x"');
    expect(res({ limits: { memory: "1Gb" } })).toBe('spec.containers[0].resources.limits.memory: invalid quantity "1Gb"');
    expect(res({ requests: { cpu: "-1" } })).toBe('spec.containers[0].resources.requests.cpu: must be greater than or equal to 0, got "-1"');
    expect(res({ requests: { cpu: true } })).toMatch(/requests\.cpu: must be a quantity/);
    expect(res({ requests: { cpu: "2" }, limits: { cpu: "1" } })).toBe("spec.containers[0].resources.requests.cpu: must be less than or equal to cpu limit of 1");
    expect(res({ requests: { cpu: "500m", memory: 1024 }, limits: { cpu: 1 } })).toBe("valid");
    expect(podError({ overhead: { cpu: "x" } })).toBe('spec.overhead.cpu: invalid quantity "x"');
  });

  it("ValidatePodSpec: priority is an int32", () => {
    expect(podError({ priority: "high" })).toBe('spec.priority: must be an integer, got string "high"');
    expect(podError({ priority: 1.5 })).toBe("spec.priority: must be an integer, got number 1.5");
    expect(podError({ priority: 2 ** 31 })).toMatch(/^spec\.priority: must be less than or equal to 2147483647/);
    expect(podError({ priority: -10 })).toBe("valid");
  });

  it("validateTolerations: operators, empty keys and tolerationSeconds", () => {
    const tol = (t: unknown) => podError({ tolerations: [t] });
    expect(tol({ key: "k", operator: "Equals", value: "v" })).toBe('spec.tolerations[0].operator: unsupported value "Equals" (supported: Equal, Exists)');
    expect(tol({ operator: "Equal", value: "v" })).toMatch(/^spec\.tolerations\[0\]\.operator: must be Exists when key is empty/);
    expect(tol({ key: "k", operator: "Exists", value: "v" })).toBe("spec.tolerations[0].value: must be empty when operator is Exists");
    expect(tol({ key: "k", effect: "NoScheduled" })).toMatch(/^spec\.tolerations\[0\]\.effect: unsupported value "NoScheduled"/);
    expect(tol({ key: "k", effect: "NoSchedule", tolerationSeconds: 30 })).toBe("spec.tolerations[0].effect: must be NoExecute when tolerationSeconds is set");
    expect(tol({ operator: "Exists" })).toBe("valid");
    expect(tol({ key: "k", value: "v", effect: "NoExecute", tolerationSeconds: 30 })).toBe("valid");
  });

  it("ValidateAffinity: selector operators, weights and topology keys", () => {
    const nodeTerm = (e: unknown) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [e] }] } } });
    const at = "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0]";
    expect(podError({ affinity: nodeTerm({ key: "k", operator: "Gt", values: ["1"] }) })).toBe("valid");
    expect(podError({ affinity: nodeTerm({ key: "k", operator: "Gt", values: ["x"] }) })).toBe(`${at}.values[0]: must be an integer when operator is Gt, got "x"`);
    expect(podError({ affinity: nodeTerm({ key: "k", operator: "In" }) })).toBe(`${at}.values: must be specified when operator is In`);
    expect(podError({ affinity: nodeTerm({ key: "k", operator: "Exists", values: ["a"] }) })).toBe(`${at}.values: may not be specified when operator is Exists`);
    expect(podError({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } } })).toBe(
      "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: must have at least one node selector term",
    );
    const podTerm = (labelSelector: unknown, topologyKey?: string) => ({
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector, topologyKey }] },
    });
    const pat = "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]";
    expect(podError({ affinity: podTerm({ matchExpressions: [{ key: "app", operator: "Gt", values: ["1"] }] }, "zone") })).toBe(
      `${pat}.labelSelector.matchExpressions[0].operator: unsupported value "Gt" (supported: In, NotIn, Exists, DoesNotExist)`,
    );
    expect(podError({ affinity: podTerm({ matchLabels: { app: "web" } }) })).toBe(`${pat}.topologyKey: is required`);
    expect(podError({ affinity: podTerm({ matchLabels: { app: "web" } }, "topology.kubernetes.io/zone") })).toBe("valid");
    expect(
      podError({ affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, podAffinityTerm: { topologyKey: "z" } }] } } }),
    ).toBe("spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: must be greater than or equal to 1, got 0");
  });

  it("validateTopologySpreadConstraints: maxSkew ≥ 1, whenUnsatisfiable, minDomains, uniqueness", () => {
    const tsc = (c: Record<string, unknown>) => podError({ topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "zone", whenUnsatisfiable: "DoNotSchedule", ...c }] });
    expect(tsc({})).toBe("valid");
    expect(tsc({ maxSkew: 0 })).toBe("spec.topologySpreadConstraints[0].maxSkew: must be greater than or equal to 1, got 0");
    expect(tsc({ maxSkew: undefined })).toBe("spec.topologySpreadConstraints[0].maxSkew: is required");
    expect(tsc({ whenUnsatisfiable: "Never" })).toMatch(/whenUnsatisfiable: unsupported value "Never"/);
    expect(tsc({ minDomains: 2, whenUnsatisfiable: "ScheduleAnyway" })).toMatch(/minDomains: can only be set when whenUnsatisfiable is DoNotSchedule/);
    expect(tsc({ nodeTaintsPolicy: "honor" })).toMatch(/nodeTaintsPolicy: unsupported value "honor"/);
    const c = { maxSkew: 1, topologyKey: "zone", whenUnsatisfiable: "DoNotSchedule" };
    expect(podError({ topologySpreadConstraints: [c, c] })).toMatch(/^spec\.topologySpreadConstraints\[1\]: duplicate constraint/);
  });
});

describe("validateNode / validatePriorityClass", () => {
  const nodeError = (n: Record<string, unknown>) => {
    try {
      validateNode({ apiVersion: "v1", kind: "Node", metadata: { name: "n1" }, ...n });
      return "valid";
    } catch (e) {
      return (e as Error).message;
    }
  };

  it("ValidateNode: taint effects and keys, quantities, no namespace", () => {
    expect(nodeError({ spec: { taints: [{ key: "k", effect: "NoScheduled" }] } })).toBe(
      'spec.taints[0].effect: unsupported value "NoScheduled" (supported: NoSchedule, PreferNoSchedule, NoExecute)',
    );
    expect(nodeError({ spec: { taints: [{ key: "k" }] } })).toBe("spec.taints[0].effect: is required (one of NoSchedule, PreferNoSchedule, NoExecute)");
    expect(nodeError({ spec: { taints: [{ effect: "NoSchedule" }] } })).toBe("spec.taints[0].key: is required");
    expect(nodeError({ spec: { taints: [{ key: "k", effect: "NoSchedule" }, { key: "k", value: "v", effect: "NoSchedule" }] } })).toMatch(
      /^spec\.taints\[1\]: duplicate taint k:NoSchedule/,
    );
    expect(nodeError({ status: { allocatable: { cpu: "4 cores" } } })).toBe('status.allocatable.cpu: invalid quantity "4 cores"');
    expect(nodeError({ status: { capacity: { memory: "16GB" } } })).toBe('status.capacity.memory: invalid quantity "16GB"');
    expect(nodeError({ status: { images: [{ names: ["a"], sizeBytes: -1 }] } })).toMatch(/^status\.images\[0\]\.sizeBytes: must be greater than or equal to 0/);
    expect(nodeError({ metadata: { name: "n1", namespace: "default" } })).toMatch(/^metadata\.namespace: not allowed/);
  });

  it("ValidatePriorityClass: value is an integer, user classes ≤ 1e9, system- names reserved", () => {
    const pcError = (pc: Record<string, unknown>) => {
      try {
        validatePriorityClass({ apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "high" }, value: 1000, ...pc });
        return "valid";
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(pcError({})).toBe("valid");
    expect(pcError({ value: undefined })).toBe("value: is required");
    expect(pcError({ value: "1000" })).toBe('value: must be an integer, got string "1000"');
    expect(pcError({ value: 1_000_000_001 })).toBe("value: maximum allowed value of a user defined priority is 1000000000");
    expect(pcError({ metadata: { name: "system-custom" } })).toMatch(/^metadata\.name: priority class names with 'system-' prefix are reserved/);
    expect(pcError({ metadata: { name: "system-node-critical" }, value: 2000001000 })).toBe("valid");
    expect(pcError({ preemptionPolicy: "Always" })).toMatch(/^preemptionPolicy: unsupported value "Always"/);
  });
});
