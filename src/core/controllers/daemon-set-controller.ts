/**
 * The DaemonSet controller (pkg/controller/daemon): one pod of the template on every node that should run
 * it — the template's nodeSelector and required node affinity match the node, and the node's NoSchedule
 * and NoExecute taints are tolerated (with the tolerations every daemon pod gets: not-ready, unreachable,
 * the pressure taints and unschedulable) — and none elsewhere. Each pod is pinned to its node with required
 * node affinity on metadata.name (ReplaceDaemonSetPodNodeNameNodeAffinity) and placed by the scheduler.
 * Nodes added, relabelled or tainted are re-examined; a node's pod that died is replaced. The status
 * counts desired, current, misscheduled, ready and available pods. Template updates are applied as
 * OnDelete does (new pods get the new template; running ones stay).
 */
import { compileNodeSelector, compileMapSelector } from "../api/selectors.js";
import type { ObjectStore, WatchEvent } from "../api/store.js";
import { toleratesTaint } from "../api/taints.js";
import type { Node, Pod, Toleration } from "../api/types.js";
import type { DaemonSet, DaemonSetStatus } from "../api/workload-types.js";
import type { Component } from "../component.js";
import type { Engine } from "../engine/engine.js";
import type { Rng } from "../engine/rng.js";
import type { EventLog } from "./event-log.js";
import { controllerOf, ObjectCache, objectKey } from "./object-cache.js";
import { PodControl } from "./pod-control.js";
import { isPodActive, isPodReady, podFromTemplate } from "./pod-template.js";
import { WorkQueue } from "./work-queue.js";

const SOURCE = "daemonset-controller";

/** The tolerations the DaemonSet controller adds to every daemon pod (util.AddOrUpdateDaemonPodTolerations). */
export const DAEMON_POD_TOLERATIONS: readonly Toleration[] = [
  { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute" },
  { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" },
  { key: "node.kubernetes.io/disk-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/memory-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/pid-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" },
];

export class DaemonSetController implements Component {
  readonly componentName = "daemonset controller";
  private dsCache!: ObjectCache<DaemonSet>;
  private podCache!: ObjectCache<Pod>;
  private pods!: PodControl;
  private readonly nodes = new Map<string, Node>();
  private readonly queue: WorkQueue;

  constructor(
    engine: Engine,
    private readonly store: ObjectStore,
    private readonly rng: Rng,
    private readonly events: EventLog,
  ) {
    this.queue = new WorkQueue(engine, (k) => this.sync(k));
  }

  start(): void {
    this.dsCache = new ObjectCache<DaemonSet>(this.store, "DaemonSet", (ev) => this.queue.add(objectKey(ev.object)));
    this.podCache = new ObjectCache<Pod>(this.store, "Pod", (ev) => {
      const owner = controllerOf(ev.object);
      if (owner?.kind === "DaemonSet") this.queue.add(`${ev.object.metadata.namespace ?? "default"}/${owner.name}`);
    });
    this.pods = new PodControl(this.store, this.podCache, this.events, SOURCE);
    this.store.watch<Node>("Node", (ev) => this.onNode(ev), { replay: true });
  }

  private onNode(ev: WatchEvent<Node>): void {
    if (ev.type === "DELETED") this.nodes.delete(ev.object.metadata.name);
    else this.nodes.set(ev.object.metadata.name, ev.object);
    for (const ds of this.dsCache.values()) this.queue.add(objectKey(ds));
  }

  private sync(key: string): void {
    const ds = this.dsCache.get(key);
    if (!ds) return;
    const byNode = new Map<string, Pod[]>();
    for (const p of this.podCache.ownedBy(ds.metadata.uid!)) {
      if (!isPodActive(p)) continue;
      const node = daemonPodNode(p);
      if (!node) continue;
      const list = byNode.get(node) ?? [];
      list.push(p);
      byNode.set(node, list);
    }
    let desired = 0;
    let misscheduled = 0;
    const pods: Pod[] = [];
    for (const node of [...this.nodes.values()].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))) {
      const name = node.metadata.name;
      const should = shouldRun(ds, node);
      const have = byNode.get(name) ?? [];
      byNode.delete(name);
      if (should) {
        desired++;
        if (have.length === 0) {
          const pod = this.createPod(ds, name);
          if (pod) pods.push(pod);
          else this.queue.addRateLimited(key);
        }
        else {
          pods.push(have[0]!);
          for (const extra of have.slice(1)) this.pods.delete(extra, ds);
        }
      } else if (have.length) {
        misscheduled++;
        for (const p of have) this.pods.delete(p, ds);
      }
    }
    for (const gone of byNode.values()) for (const p of gone) this.pods.delete(p, ds); // nodes that no longer exist
    const ready = pods.filter((p) => isPodReady(p)).length;
    const status: DaemonSetStatus = {
      desiredNumberScheduled: desired,
      currentNumberScheduled: pods.length,
      numberMisscheduled: misscheduled,
      numberReady: ready,
      numberAvailable: ready,
      updatedNumberScheduled: pods.length,
      observedGeneration: ds.metadata.generation ?? 1,
    };
    if (JSON.stringify(status) === JSON.stringify(ds.status)) return;
    this.dsCache.wrote(this.store.updateStatus<DaemonSet>({ ...ds, status }));
  }

  private createPod(ds: DaemonSet, node: string): Pod | null {
    const t = ds.spec.template;
    const tols = [...(t.spec.tolerations ?? [])];
    for (const d of DAEMON_POD_TOLERATIONS) if (!tols.some((x) => x.key === d.key && x.effect === d.effect)) tols.push(d);
    const affinity = { ...(t.spec.affinity ?? {}), nodeAffinity: { ...(t.spec.affinity?.nodeAffinity ?? {}), requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In" as const, values: [node] }] }] } } };
    return this.pods.create(podFromTemplate({ ...t, spec: { ...t.spec, tolerations: tols, affinity } }, ds, `${ds.metadata.name}-`, this.rng, this.store), ds);
  }
}

/** The node a daemon pod is for: its nodeName, or the metadata.name of its required node affinity. */
function daemonPodNode(p: Pod): string | undefined {
  if (p.spec.nodeName) return p.spec.nodeName;
  const terms = p.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const t of terms) for (const f of t.matchFields ?? []) if (f.key === "metadata.name" && f.operator === "In") return f.values?.[0];
  return undefined;
}

/** NodeShouldRunDaemonPod: the template's node selection matches and the node's taints are tolerated. */
export function shouldRun(ds: DaemonSet, node: Node): boolean {
  const spec = ds.spec.template.spec;
  if (spec.nodeSelector && !compileMapSelector(spec.nodeSelector).matches(node.metadata.labels)) return false;
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required && !compileNodeSelector(required, "nodeSelector", { lazy: true }).matches(node.metadata.labels, node.metadata.name)) return false;
  const tols = [...(spec.tolerations ?? []), ...DAEMON_POD_TOLERATIONS];
  for (const taint of node.spec.taints ?? []) {
    if (taint.effect !== "NoSchedule" && taint.effect !== "NoExecute") continue;
    if (!tols.some((t) => toleratesTaint(t, taint))) return false;
  }
  return true;
}
