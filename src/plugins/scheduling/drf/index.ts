/**
 * DRF, Dominant Resource Fairness (Ghodsi et al., NSDI '11), for multi-tenant traces. DRF decides *whose*
 * pod goes next, not where it goes, so it is a QueueSort plugin (enable it under `queueSort`, replacing
 * PrioritySort): among pending pods, higher priority first (kube semantics are kept), then the pod whose
 * tenant has the smallest dominant share, then the earlier (re)queue time. Combine it with any Score policy.
 *   tenant          = the pod's `tenantLabel` label (default "clusterlab.io/app", the trace adapters' app
 *                     label); pods without it belong to their namespace (`tenantBy: namespace` always uses it);
 *   dominant share  = max over cpu, memory and milli-GPU of (the tenant's requests on nodes / cluster allocatable),
 *                     from the scheduler's snapshot (bound and assumed pods), recomputed when it changes.
 * Choices left open: shares are unweighted (all tenants equal); a tenant with no running pods has share 0;
 * activeQ is a heap, so an order changed by a placement is applied as pods are pushed and popped (progressive
 * filling is approximated per scheduling cycle, not re-sorted globally). In a fill experiment (no queue) DRF
 * has no effect.
 */
import { ArgsError, definePlugin, type FrameworkHandle, type Plugin, type QueuedPodInfo } from "../../../core/scheduler/framework.js";
import type { PodInfo } from "../../../core/scheduler/pod-info.js";
import { higherPriorityFirst } from "../priority-sort/index.js";

const NAME = "DRF";
const CACHE_KEY = "DRF/tenant";

export interface DRFArgs {
  tenantBy: "label" | "namespace";
  tenantLabel: string;
}

export function parseDRFArgs(raw: unknown, path: string): DRFArgs {
  const out: DRFArgs = { tenantBy: "label", tenantLabel: "clusterlab.io/app" };
  if (raw == null) return out;
  if (typeof raw !== "object" || Array.isArray(raw)) throw new ArgsError(path, "expected DRF args object");
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (k === "tenantBy") {
      if (v !== "label" && v !== "namespace") throw new ArgsError(`${path}.${k}`, `expected "label" or "namespace", got ${JSON.stringify(v)}`);
      out.tenantBy = v;
    } else if (k === "tenantLabel") {
      if (typeof v !== "string" || !v) throw new ArgsError(`${path}.${k}`, "expected a label key");
      out.tenantLabel = v;
    } else throw new ArgsError(`${path}.${k}`, `unknown field "${k}" (allowed: tenantBy, tenantLabel)`);
  }
  return out;
}

/** Dominant shares by tenant from the snapshot, cached per snapshot generation. */
export class DominantShares {
  private gen = -1;
  private shares = new Map<string, number>();
  constructor(private readonly handle: FrameworkHandle, private readonly tenant: (p: PodInfo) => string) {}

  of(tenant: string): number {
    const snap = this.handle.snapshot;
    if (snap.generation !== this.gen) {
      this.gen = snap.generation;
      const used = new Map<string, [number, number, number]>();
      for (const n of snap.nodes) {
        for (const p of n.pods) {
          const t = this.tenant(p);
          let u = used.get(t);
          if (!u) used.set(t, (u = [0, 0, 0]));
          u[0] += p.requests.milliCPU;
          u[1] += p.requests.memory;
          u[2] += p.gpuCount * p.gpuMilli;
        }
      }
      const cap = snap.totals.allocatable;
      this.shares.clear();
      for (const [t, u] of used) {
        let s = 0;
        for (let i = 0; i < 3; i++) if (cap[i]! > 0) s = Math.max(s, u[i]! / cap[i]!);
        this.shares.set(t, s);
      }
    }
    return this.shares.get(tenant) ?? 0;
  }
}

export const DRF = definePlugin<DRFArgs>({
  name: NAME,
  description: "Research policy (QueueSort): Dominant Resource Fairness — the pod of the tenant with the smallest dominant share goes first.",
  args: parseDRFArgs,
  create(args, handle): Plugin {
    const tenant = (p: PodInfo): string => {
      let t = p.cache.get(CACHE_KEY) as string | undefined;
      if (t === undefined) {
        const l = args.tenantBy === "label" ? p.labels[args.tenantLabel] : undefined;
        t = l !== undefined ? `label:${l}` : `ns:${p.namespace}`;
        p.cache.set(CACHE_KEY, t);
      }
      return t;
    };
    const shares = new DominantShares(handle, tenant);
    return {
      name: NAME,
      less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
        const byPriority = higherPriorityFirst(a, b);
        if (byPriority !== null) return byPriority;
        const sa = shares.of(tenant(a.podInfo));
        const sb = shares.of(tenant(b.podInfo));
        if (sa !== sb) return sa < sb;
        return a.timestamp < b.timestamp;
      },
    };
  },
});
