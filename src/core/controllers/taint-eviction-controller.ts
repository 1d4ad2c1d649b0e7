/**
 * The taint eviction controller (pkg/controller/tainteviction): a pod on a node with NoExecute taints is
 * deleted at once if it does not tolerate one of them, or after the smallest tolerationSeconds of the
 * tolerations it uses (counted from when the controller saw it there; none = it stays). A taint removed
 * before then cancels the eviction. Pods without the not-ready/unreachable tolerations are treated as
 * having them with 300 s, as the DefaultTolerationSeconds admission plugin gives every pod. Eviction
 * here deletes the pod (on an unreachable node the real pod would linger as Terminating, but its
 * controller replaces it just the same, since terminating pods do not count as active).
 */
import type { ObjectStore, WatchEvent } from "../api/store.js";
import { toleratesTaint } from "../api/taints.js";
import type { Node, Pod, Taint, Toleration } from "../api/types.js";
import type { Component } from "../component.js";
import type { Engine, Timer } from "../engine/engine.js";
import type { EventLog } from "./event-log.js";
import { objectKey } from "./object-cache.js";
import { DEFAULT_TOLERATION_SECONDS, TaintNodeNotReady, TaintNodeUnreachable } from "./pod-template.js";

const SOURCE = "taint-eviction-controller";

export class TaintEvictionController implements Component {
  readonly componentName = "taint eviction controller";
  private readonly taints = new Map<string, Taint[]>();
  private readonly podsOnNode = new Map<string, Map<string, Pod>>();
  private readonly podNode = new Map<string, string>();
  private readonly evictions = new Map<string, { timer: Timer; at: number }>();

  constructor(
    private readonly engine: Engine,
    private readonly store: ObjectStore,
    private readonly events: EventLog,
  ) {}

  start(): void {
    this.store.watch<Node>("Node", (ev) => this.onNode(ev), { replay: true });
    this.store.watch<Pod>("Pod", (ev) => this.onPod(ev), { replay: true });
  }

  private onNode(ev: WatchEvent<Node>): void {
    const name = ev.object.metadata.name;
    const noExec = ev.type === "DELETED" ? [] : (ev.object.spec.taints ?? []).filter((t) => t.effect === "NoExecute");
    const before = this.taints.get(name) ?? [];
    if (noExec.length === 0) this.taints.delete(name);
    else this.taints.set(name, noExec);
    if (before.length === 0 && noExec.length === 0) return;
    for (const p of [...(this.podsOnNode.get(name)?.values() ?? [])]) this.process(p, name);
  }

  private onPod(ev: WatchEvent<Pod>): void {
    const key = objectKey(ev.object);
    const was = this.podNode.get(key);
    if (was !== undefined) {
      this.podsOnNode.get(was)?.delete(key);
      this.podNode.delete(key);
    }
    const node = ev.object.spec.nodeName;
    if (ev.type === "DELETED" || !node) {
      this.cancel(key);
      return;
    }
    let m = this.podsOnNode.get(node);
    if (!m) this.podsOnNode.set(node, (m = new Map()));
    m.set(key, ev.object);
    this.podNode.set(key, node);
    if (this.taints.has(node) || this.evictions.has(key)) this.process(ev.object, node);
  }

  private process(pod: Pod, node: string): void {
    const key = objectKey(pod);
    const taints = this.taints.get(node) ?? [];
    if (taints.length === 0) {
      this.cancel(key);
      return;
    }
    const tolerations = withDefaultTolerations(pod.spec.tolerations ?? []);
    let minSeconds = Infinity;
    for (const taint of taints) {
      const used = tolerations.filter((t) => toleratesTaint(t, taint));
      if (used.length === 0) {
        this.cancel(key);
        this.evict(pod, node);
        return;
      }
      for (const t of used) if (t.tolerationSeconds !== undefined) minSeconds = Math.min(minSeconds, Math.max(0, t.tolerationSeconds));
    }
    if (minSeconds === Infinity) {
      this.cancel(key);
      return;
    }
    const scheduled = this.evictions.get(key);
    const at = (scheduled ? scheduled.at : this.engine.now) + minSeconds * 1e6;
    if (scheduled && scheduled.timer.time === at) return;
    scheduled?.timer.cancel();
    const timer = this.engine.at(Math.max(at, this.engine.now), () => {
      this.evictions.delete(key);
      const cur = this.store.get<Pod>("Pod", pod.metadata.namespace, pod.metadata.name);
      if (cur && cur.metadata.uid === pod.metadata.uid && cur.spec.nodeName === node) this.evict(cur, node);
    });
    this.evictions.set(key, { timer, at: scheduled ? scheduled.at : this.engine.now });
  }

  private cancel(key: string): void {
    const e = this.evictions.get(key);
    if (!e) return;
    e.timer.cancel();
    this.evictions.delete(key);
  }

  private evict(pod: Pod, _node: string): void {
    const ns = pod.metadata.namespace ?? "default";
    this.events.record(SOURCE, ns, `pod/${pod.metadata.name}`, "Normal", "TaintManagerEviction", `Marking for deletion Pod ${ns}/${pod.metadata.name}`);
    this.store.delete("Pod", ns, pod.metadata.name);
  }
}

/** The pod's tolerations plus DefaultTolerationSeconds' two when it has none for those taints. */
function withDefaultTolerations(tols: readonly Toleration[]): readonly Toleration[] {
  const has = (key: string) => tols.some((t) => toleratesTaint(t, { key, effect: "NoExecute" }));
  if (has(TaintNodeNotReady) && has(TaintNodeUnreachable)) return tols;
  const out = [...tols];
  for (const key of [TaintNodeNotReady, TaintNodeUnreachable]) if (!has(key)) out.push({ key, operator: "Exists", effect: "NoExecute", tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  return out;
}
