/**
 * Pods from a controller's template, as the controllers and the API server make them: a name of
 * generateName plus five random characters (the API server's name generator, seeded here), the template's
 * labels and annotations, a controller owner reference, the API server's defaults, and the
 * DefaultTolerationSeconds admission plugin's tolerations (not-ready and unreachable, NoExecute, 300 s).
 */
import { defaultPod } from "../api/manifests.js";
import type { ObjectStore } from "../api/store.js";
import type { KubeObject, Pod, PriorityClass, Toleration } from "../api/types.js";
import type { PodTemplateSpec } from "../api/workload-types.js";
import type { Rng } from "../engine/rng.js";

/** util/rand's alphabet: no vowels (no words) and no confusable characters. */
const ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

export const TaintNodeNotReady = "node.kubernetes.io/not-ready";
export const TaintNodeUnreachable = "node.kubernetes.io/unreachable";
/** --default-not-ready-toleration-seconds and --default-unreachable-toleration-seconds. */
export const DEFAULT_TOLERATION_SECONDS = 300;

export function randomSuffix(rng: Rng, n = 5): string {
  let s = "";
  for (let i = 0; i < n; i++) s += ALPHANUMS[rng.below(ALPHANUMS.length)];
  return s;
}

/** rand.SafeEncodeString: each character mapped into the alphabet above (hash strings in names). */
export function safeEncodeString(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) out += ALPHANUMS[s.charCodeAt(i) % ALPHANUMS.length];
  return out;
}

/** DefaultTolerationSeconds: adds the two NoExecute tolerations a pod does not already have. */
export function admitDefaultTolerations(pod: Pod): void {
  const tols: Toleration[] = pod.spec.tolerations ?? [];
  const has = (key: string) => tols.some((t) => (t.key === key || (t.key === undefined && t.operator === "Exists")) && (!t.effect || t.effect === "NoExecute"));
  const add: Toleration[] = [];
  if (!has(TaintNodeNotReady)) add.push({ key: TaintNodeNotReady, operator: "Exists", effect: "NoExecute", tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  if (!has(TaintNodeUnreachable)) add.push({ key: TaintNodeUnreachable, operator: "Exists", effect: "NoExecute", tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  if (add.length) pod.spec.tolerations = [...tols, ...add];
}

/** The Priority admission plugin for controller-made pods: the named class's value, or the global default. */
export function admitPriorityFromStore(pod: Pod, store: ObjectStore): void {
  const spec = pod.spec;
  const classes = store.list<PriorityClass>("PriorityClass");
  const cls = spec.priorityClassName
    ? classes.find((c) => c.metadata.name === spec.priorityClassName)
    : spec.priority === undefined
      ? classes.filter((c) => c.globalDefault).sort((a, b) => a.value - b.value)[0]
      : undefined;
  if (!cls) return;
  spec.priorityClassName = cls.metadata.name;
  spec.priority = cls.value;
  spec.preemptionPolicy = cls.preemptionPolicy ?? "PreemptLowerPriority";
}

/** A new pod for `owner` from `template`, named `<generateName><5 random characters>`, not yet stored. */
export function podFromTemplate(template: PodTemplateSpec, owner: KubeObject, generateName: string, rng: Rng, store: ObjectStore): Pod {
  const pod = namedPodFromTemplate(template, owner, "", store);
  pod.metadata.generateName = generateName;
  // The API server retries a generated name that is taken.
  do pod.metadata.name = generateName + randomSuffix(rng);
  while (store.get("Pod", pod.metadata.namespace, pod.metadata.name));
  return pod;
}

/** A new pod for `owner` from `template` with the given name (a StatefulSet's `<name>-<ordinal>`), not yet stored. */
export function namedPodFromTemplate(template: PodTemplateSpec, owner: KubeObject, name: string, store: ObjectStore): Pod {
  const tm = template.metadata ?? {};
  const pod: Pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: owner.metadata.namespace ?? "default",
      ...(tm.labels ? { labels: { ...tm.labels } } : {}),
      ...(tm.annotations ? { annotations: { ...tm.annotations } } : {}),
      ownerReferences: [{ apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid!, controller: true }],
    },
    spec: structuredClone(template.spec),
  };
  defaultPod(pod);
  admitPriorityFromStore(pod, store);
  admitDefaultTolerations(pod);
  return pod;
}

/** A pod without readiness probes is ready once running (and not being deleted). */
export function isPodReady(p: Pod): boolean {
  if (p.metadata.deletionTimestamp) return false;
  const c = p.status?.conditions?.find((x) => x.type === "Ready");
  if (c) return c.status === "True";
  return p.status?.phase === "Running";
}

/** When the pod became ready, µs of virtual time (its start time; -1 when not ready). */
export function podReadySinceUs(p: Pod): number {
  if (!isPodReady(p) || !p.status?.startTime) return -1;
  return Date.parse(p.status.startTime) * 1000;
}

export function isPodActive(p: Pod): boolean {
  const phase = p.status?.phase;
  return phase !== "Succeeded" && phase !== "Failed" && !p.metadata.deletionTimestamp;
}
