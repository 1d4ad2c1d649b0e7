/**
 * The horizontal pod autoscaler controller (pkg/controller/podautoscaler), for CPU utilisation of a
 * Deployment: every 15 s it takes the ready pods' usage over their requests as an integer percentage,
 * and the ratio to the target; within the 0.1 tolerance nothing changes, otherwise the recommendation is
 * ceil(ratio × ready pods) — on a scale-up, pods not yet ready count as using nothing, and a result that
 * then falls within tolerance or changes direction keeps the current size. Recommendations are
 * stabilised (scale-down takes the highest of the last 300 s, scale-up the lowest of its window, 0 s by
 * default), limited by the behaviour's policies (up: the larger of +100% and +4 pods per 15 s; down:
 * -100% per 15 s) and clamped to min/maxReplicas; the Deployment's replicas are then set through its
 * scale. Usage comes from the load model (load-model.ts), as metrics-server would report it.
 */
import type { HorizontalPodAutoscaler, HPAScalingRules } from "../api/autoscaling-types.js";
import { HPA_DEFAULT_SCALE_DOWN, HPA_DEFAULT_SCALE_UP, HPA_DEFAULT_UTILIZATION } from "../api/autoscaling-types.js";
import { milliValue } from "../api/quantity.js";
import { compileLabelSelector } from "../api/selectors.js";
import type { ObjectStore, WatchEvent } from "../api/store.js";
import type { Pod } from "../api/types.js";
import type { Deployment } from "../api/workload-types.js";
import type { Component } from "../component.js";
import type { Engine, Timer } from "../engine/engine.js";
import type { EventLog } from "./event-log.js";
import type { LoadModel } from "./load-model.js";
import { objectKey } from "./object-cache.js";
import { isPodActive, isPodReady } from "./pod-template.js";

/** --horizontal-pod-autoscaler-sync-period. */
export const HPA_SYNC_PERIOD_US = 15_000_000;
/** --horizontal-pod-autoscaler-tolerance. */
export const HPA_TOLERANCE = 0.1;
const SOURCE = "horizontal-pod-autoscaler";

interface Recommendation {
  atUs: number;
  replicas: number;
}

interface ScaleEvent {
  atUs: number;
  delta: number;
}

interface HpaState {
  timer: Timer;
  recommendations: Recommendation[];
  scaleUps: ScaleEvent[];
  scaleDowns: ScaleEvent[];
}

/** What the replica calculator found: the recommendation and the utilisation it came from. */
export interface Calculation {
  replicas: number;
  utilization: number;
}

export class HorizontalPodAutoscalerController implements Component {
  readonly componentName = "horizontal pod autoscaler";
  private readonly hpas = new Map<string, HpaState>();

  constructor(
    private readonly engine: Engine,
    private readonly store: ObjectStore,
    private readonly events: EventLog,
    private readonly load: LoadModel,
  ) {}

  start(): void {
    this.store.watch<HorizontalPodAutoscaler>("HorizontalPodAutoscaler", (ev) => this.onHpa(ev), { replay: true });
  }

  private onHpa(ev: WatchEvent<HorizontalPodAutoscaler>): void {
    const key = objectKey(ev.object);
    const cur = this.hpas.get(key);
    if (ev.type === "DELETED") {
      cur?.timer.cancel();
      this.hpas.delete(key);
      return;
    }
    if (cur) return;
    const state: HpaState = { timer: null as unknown as Timer, recommendations: [], scaleUps: [], scaleDowns: [] };
    const tick = () => {
      this.reconcile(key, state);
      // A daemon: the autoscaler alone does not keep a scenario going.
      state.timer = this.engine.after(HPA_SYNC_PERIOD_US, tick, undefined, true);
    };
    state.timer = this.engine.after(0, tick, undefined, true);
    this.hpas.set(key, state);
  }

  private reconcile(key: string, state: HpaState): void {
    const [ns, name] = key.split("/") as [string, string];
    const hpa = this.store.get<HorizontalPodAutoscaler>("HorizontalPodAutoscaler", ns, name);
    if (!hpa) return;
    const ref = hpa.spec.scaleTargetRef;
    const object = `horizontalpodautoscaler/${name}`;
    const d = ref.kind === "Deployment" ? this.store.get<Deployment>("Deployment", ns, ref.name) : undefined;
    if (!d) {
      this.events.record(SOURCE, ns, object, "Warning", "FailedGetScale", `${ref.kind.toLowerCase()}s "${ref.name}" not found`);
      return;
    }
    const now = this.engine.now;
    const current = d.spec.replicas ?? 1;
    const min = hpa.spec.minReplicas ?? 1;
    const max = hpa.spec.maxReplicas;
    let desired: number;
    let utilization = hpa.status?.currentMetrics?.[0]?.resource.current.averageUtilization ?? 0;
    let reason = "";
    if (current === 0 && min !== 0) {
      desired = 0; // scaling is disabled while the target is at zero
    } else if (current > max) {
      desired = max;
      reason = "Current number of replicas above Spec.MaxReplicas";
    } else if (current < min) {
      desired = min;
      reason = "Current number of replicas below Spec.MinReplicas";
    } else {
      const target = hpa.spec.metrics?.[0]?.resource?.target.averageUtilization ?? HPA_DEFAULT_UTILIZATION;
      const calc = this.calculate(d, current, target);
      if (!calc) {
        this.events.record(SOURCE, ns, object, "Warning", "FailedGetResourceMetric", "failed to get cpu utilization: missing request for cpu");
        return;
      }
      utilization = calc.utilization;
      const stabilized = stabilize(state, now, current, calc.replicas, hpa.spec.behavior?.scaleUp, hpa.spec.behavior?.scaleDown);
      desired = limitByPolicies(state, now, current, stabilized, hpa.spec.behavior?.scaleUp, hpa.spec.behavior?.scaleDown);
      desired = Math.min(max, Math.max(min, desired));
      reason = desired > current ? "cpu resource utilization (percentage of request) above target" : "All metrics below target";
    }
    let lastScaleTime = hpa.status?.lastScaleTime;
    if (desired !== current) {
      this.store.updateSpec<Deployment>({ ...d, metadata: { ...d.metadata, generation: (d.metadata.generation ?? 1) + 1 }, spec: { ...d.spec, replicas: desired } });
      (desired > current ? state.scaleUps : state.scaleDowns).push({ atUs: now, delta: Math.abs(desired - current) });
      this.events.record(SOURCE, ns, object, "Normal", "SuccessfulRescale", `New size: ${desired}; reason: ${reason}`);
      lastScaleTime = this.store.timestamp();
    }
    const status: HorizontalPodAutoscaler["status"] = {
      currentReplicas: current,
      desiredReplicas: desired,
      ...(lastScaleTime ? { lastScaleTime } : {}),
      currentMetrics: [{ type: "Resource", resource: { name: "cpu", current: { averageUtilization: utilization, averageValue: `${Math.round(this.load.cpuMilli(ns, "Deployment", d.metadata.name) / Math.max(1, current))}m` } } }],
    };
    if (JSON.stringify(status) !== JSON.stringify(hpa.status)) this.store.updateStatus<HorizontalPodAutoscaler>({ ...hpa, status });
  }

  /** GetResourceReplicas for CPU utilisation; null when a pod has no CPU request. */
  private calculate(d: Deployment, current: number, targetPct: number): Calculation | null {
    const ns = d.metadata.namespace ?? "default";
    const sel = compileLabelSelector(d.spec.selector);
    const pods = this.store.list<Pod>("Pod", (p) => (p.metadata.namespace ?? "default") === ns && isPodActive(p) && sel.matches(p.metadata.labels));
    const ready = pods.filter(isPodReady);
    const unready = pods.length - ready.length;
    let requests = 0;
    for (const p of ready) {
      const r = cpuRequestMilli(p);
      if (r === null) return null;
      requests += r;
    }
    if (ready.length === 0) return { replicas: current, utilization: 0 };
    // The load is spread over the ready pods: their usage sums to the demand.
    const usage = this.load.cpuMilli(ns, "Deployment", d.metadata.name);
    const utilization = Math.floor((usage * 100) / requests);
    const ratio = utilization / targetPct;
    const scaleUp = ratio > 1;
    if (unready === 0 || !scaleUp) {
      if (Math.abs(1 - ratio) <= HPA_TOLERANCE) return { replicas: current, utilization };
      return { replicas: Math.ceil(ratio * ready.length), utilization };
    }
    // Scale-up with pods not ready yet: they count as using nothing.
    const perPod = requests / ready.length;
    const newRatio = Math.floor((usage * 100) / (requests + unready * perPod)) / targetPct;
    if (Math.abs(1 - newRatio) <= HPA_TOLERANCE || newRatio < 1) return { replicas: current, utilization };
    const replicas = Math.ceil(newRatio * pods.length);
    return { replicas: replicas < current ? current : replicas, utilization };
  }
}

function cpuRequestMilli(p: Pod): number | null {
  let sum = 0;
  for (const c of p.spec.containers) {
    const r = c.resources?.requests?.cpu;
    if (r === undefined) return null;
    sum += milliValue(r);
  }
  return sum;
}

/** stabilizeRecommendationWithBehaviors. */
function stabilize(state: HpaState, now: number, current: number, desired: number, up?: HPAScalingRules, down?: HPAScalingRules): number {
  const upWindow = (up?.stabilizationWindowSeconds ?? HPA_DEFAULT_SCALE_UP.stabilizationWindowSeconds) * 1e6;
  const downWindow = (down?.stabilizationWindowSeconds ?? HPA_DEFAULT_SCALE_DOWN.stabilizationWindowSeconds) * 1e6;
  let upRec = desired;
  let downRec = desired;
  for (const r of state.recommendations) {
    if (r.atUs > now - upWindow) upRec = Math.min(upRec, r.replicas);
    if (r.atUs > now - downWindow) downRec = Math.max(downRec, r.replicas);
  }
  let rec = current;
  if (rec < upRec) rec = upRec;
  if (rec > downRec) rec = downRec;
  const keep = Math.max(upWindow, downWindow);
  state.recommendations = state.recommendations.filter((r) => r.atUs > now - keep);
  state.recommendations.push({ atUs: now, replicas: desired });
  return rec;
}

/** normalizeDesiredReplicasWithBehaviors: the policies' limits on change per period. */
function limitByPolicies(state: HpaState, now: number, current: number, desired: number, up?: HPAScalingRules, down?: HPAScalingRules): number {
  if (desired > current) {
    const rules = { ...HPA_DEFAULT_SCALE_UP, ...up };
    if (rules.selectPolicy === "Disabled") return current;
    const limits = rules.policies.map((p) => {
      const since = state.scaleUps.filter((e) => e.atUs > now - p.periodSeconds * 1e6).reduce((a, e) => a + e.delta, 0);
      const base = current - since;
      return p.type === "Pods" ? base + p.value : Math.ceil(base * (1 + p.value / 100));
    });
    const limit = rules.selectPolicy === "Min" ? Math.min(...limits) : Math.max(...limits);
    return Math.min(desired, limit);
  }
  if (desired < current) {
    const rules = { ...HPA_DEFAULT_SCALE_DOWN, ...down };
    if (rules.selectPolicy === "Disabled") return current;
    const limits = rules.policies.map((p) => {
      const since = state.scaleDowns.filter((e) => e.atUs > now - p.periodSeconds * 1e6).reduce((a, e) => a + e.delta, 0);
      const base = current + since;
      return p.type === "Pods" ? base - p.value : Math.ceil(base * (1 - p.value / 100));
    });
    const limit = rules.selectPolicy === "Min" ? Math.max(...limits) : Math.min(...limits);
    return Math.max(desired, limit);
  }
  return desired;
}
