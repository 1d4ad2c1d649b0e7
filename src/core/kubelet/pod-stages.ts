/**
 * The KWOK Stages of a run, as the kubelet consults them: Stage objects live in the store (applied like
 * any manifest) and are kept here compiled, in name order. `choose` picks the Stage that moves a pod on
 * and the delay before it, as KWOK's lifecycle does (pkg/utils/lifecycle): one matching Stage is taken;
 * of several, one is drawn by weight when some weight is positive, uniformly otherwise (Stages whose
 * weightFrom cannot be read left out); the delay is the Stage's duration, or a draw in [duration,
 * jitterDuration) when the jitter is larger, the jitter itself when it is smaller. Draws come from the
 * run's seed, on a stream of their own.
 */
import { compileStage, durationUs, stageMatches, stageWeight, type CompiledStage, type StageNext } from "../api/kwok-stage.js";
import type { ObjectStore } from "../api/store.js";
import type { KubeObject, Pod } from "../api/types.js";
import type { Rng } from "../engine/rng.js";

export interface StageStep {
  stage: string;
  next: StageNext;
  delayUs: number;
}

export class PodStages {
  private readonly byName = new Map<string, CompiledStage>();
  private ordered: CompiledStage[] = [];

  constructor(
    store: ObjectStore,
    private readonly rng: Rng,
  ) {
    // Stages change rarely; a pod that became Running before a Stage arrived is not revisited (as KWOK
    // matches on the pod's own events).
    store.watch<KubeObject>("Stage", (ev) => {
      const name = ev.object.metadata.name;
      const compiled = ev.type === "DELETED" ? null : compileStage(ev.object);
      if (compiled) this.byName.set(name, compiled);
      else this.byName.delete(name);
      this.ordered = [...this.byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    }, { replay: true });
  }

  get size(): number {
    return this.ordered.length;
  }

  /** The Stage that moves `pod` on from its present state, with its delay; null when none matches. */
  choose(pod: Pod, nowUs: number): StageStep | null {
    if (this.ordered.length === 0) return null;
    const view = apiView(pod);
    const matched = this.ordered.filter((s) => stageMatches(s, view));
    if (matched.length === 0) return null;
    const stage = matched.length === 1 ? matched[0]! : this.draw(matched, pod);
    return { stage: stage.name, next: stage.next, delayUs: Math.max(0, this.delay(stage, view, nowUs)) };
  }

  private draw(matched: CompiledStage[], pod: Pod): CompiledStage {
    const weights = matched.map((s) => stageWeight(s, pod) ?? -1);
    const readable = matched.filter((_, i) => weights[i]! >= 0);
    const total = weights.reduce((a, w) => a + Math.max(0, w), 0);
    if (readable.length === 0) return matched[this.rng.below(matched.length)]!;
    if (total === 0) return readable[this.rng.below(readable.length)]!;
    let off = this.rng.below(total);
    for (let i = 0; i < matched.length; i++) {
      if (weights[i]! <= 0) continue;
      off -= weights[i]!;
      if (off < 0) return matched[i]!;
    }
    return matched[matched.length - 1]!;
  }

  private delay(stage: CompiledStage, pod: Pod, nowUs: number): number {
    const base = durationUs(stage.delay, pod, nowUs);
    if (base === null) return 0;
    const jitter = durationUs(stage.jitter, pod, nowUs);
    if (jitter === null) return base;
    if (jitter <= base) return jitter;
    return base + this.rng.below(jitter - base);
  }
}

/** The pod as the API server would show it: phase Pending and restartPolicy Always when unset. */
function apiView(pod: Pod): Pod {
  if (pod.status?.phase !== undefined && pod.spec.restartPolicy !== undefined) return pod;
  return { ...pod, spec: { ...pod.spec, restartPolicy: pod.spec.restartPolicy ?? "Always" }, status: { ...pod.status, phase: pod.status?.phase ?? "Pending" } };
}
