// summary.json numbers from the per-pod records and the allocation integral.
import { describe, expect, it } from "vitest";
import { Recorder, type PodRecord } from "./recorder.js";
import { MACHINE_DEPENDENT_FIELDS, summarize, type SummaryInput } from "./summary.js";
import { AllocationTotals } from "../scheduler/snapshot.js";

const rec = (o: Partial<PodRecord>): PodRecord => ({
  name: "p", namespace: "default", arrivalUs: 0, scheduledUs: -1, node: "", startUs: -1, endUs: -1, attempts: 0, lastFailure: "", preempted: false, deleted: false, failed: false,
  cpuMilli: 0, memoryBytes: 0, gpuCount: 0, gpuMilli: 0, ...o,
});

function input(pods: PodRecord[], extra: Partial<SummaryInput> = {}): SummaryInput {
  const now = { t: 0 };
  const totals = new AllocationTotals(() => now.t);
  return {
    version: "0.1.0", rng: "test-rng", seed: 7, experiment: "exp",
    recorder: { pods, firstArrivalUs: pods.length ? Math.min(...pods.map((p) => p.arrivalUs)) : -1, preemptions: 0, victims: 0 } as unknown as Recorder,
    totals, nodes: 3, endUs: 1_000, cycles: 50, wallSeconds: 2, badRowsSkipped: 4, ...extra,
  };
}

describe("Recorder.outcome", () => {
  it("preempted > completed > running > bound > unschedulable (attempted) > pending", () => {
    expect(Recorder.outcome(rec({ scheduledUs: 1, startUs: 2, endUs: 3, preempted: true }))).toBe("preempted");
    expect(Recorder.outcome(rec({ scheduledUs: 1, startUs: 2, endUs: 3 }))).toBe("completed");
    expect(Recorder.outcome(rec({ scheduledUs: 1, startUs: 2 }))).toBe("running");
    expect(Recorder.outcome(rec({ scheduledUs: 1 }))).toBe("bound");
    expect(Recorder.outcome(rec({ attempts: 2 }))).toBe("unschedulable");
    expect(Recorder.outcome(rec({}))).toBe("pending");
  });
});

describe("summarize", () => {
  const pods = [
    rec({ arrivalUs: 100, scheduledUs: 110, startUs: 120, endUs: 500, attempts: 1 }), // completed, wait 10
    rec({ arrivalUs: 200, scheduledUs: 230, startUs: 240, attempts: 2 }), // running, wait 30
    rec({ arrivalUs: 300, scheduledUs: 320, attempts: 1 }), // bound, wait 20
    rec({ arrivalUs: 400, attempts: 3 }), // unschedulable
    rec({ arrivalUs: 500 }), // never attempted
  ];

  it("counts pods by outcome; unschedulable = every pod not scheduled by the end", () => {
    const s = summarize(input(pods));
    expect(s.pods).toEqual({ arrived: 5, scheduled: 3, unschedulable: 2, completed: 1, running: 2, pending: 1, preempted: 0 });
    expect(s.pods.scheduled + s.pods.unschedulable).toBe(s.pods.arrived);
  });

  it("attempts per pod and preemptions; a preempted pod counts as scheduled, not completed", () => {
    const withVictim = [...pods, rec({ arrivalUs: 600, scheduledUs: 600, startUs: 610, endUs: 700, attempts: 1, preempted: true })];
    const s = summarize({ ...input(withVictim), recorder: { pods: withVictim, firstArrivalUs: 100, preemptions: 1, victims: 1 } as unknown as Recorder });
    expect(s.pods).toMatchObject({ arrived: 6, scheduled: 4, completed: 1, preempted: 1 });
    expect(s.attempts).toEqual({ total: 8, mean_per_pod: 1.333333, max_per_pod: 3 });
    expect(s.preemption).toEqual({ preemptions: 1, victims: 1 });
  });

  it("wait times: nearest-rank percentiles, rounded mean, max", () => {
    const s = summarize(input(pods));
    expect(s.wait_us).toEqual({ p50: 20, p90: 30, p99: 30, mean: 20, max: 30 });
  });

  it("time span, attempts, throughput and identity fields", () => {
    const s = summarize(input(pods));
    expect([s.start_us, s.end_us, s.makespan_us]).toEqual([100, 1_000, 900]);
    expect(s.scheduling_attempts).toBe(50);
    expect(s.decisions_per_second).toBe(25);
    expect(s.clusterlab).toEqual({ version: "0.1.0", rng: "test-rng", seed: 7 });
    expect(s.experiment).toBe("exp");
    expect(s.nodes).toBe(3);
    expect(s.trace.bad_rows_skipped).toBe(4);
    expect(Object.keys(s)).toEqual(expect.arrayContaining([...MACHINE_DEPENDENT_FIELDS]));
  });

  it("no pods: zeros, no division by zero", () => {
    const s = summarize(input([], { wallSeconds: 0 }));
    expect(s.pods.arrived).toBe(0);
    expect(s.wait_us).toEqual({ p50: 0, p90: 0, p99: 0, mean: 0, max: 0 });
    expect(s.start_us).toBe(0);
    expect(s.decisions_per_second).toBe(0);
  });

  it("allocation: time-averaged and final ratios, rounded to 6 decimals", () => {
    let now = 0;
    const totals = new AllocationTotals(() => now);
    totals.allocatable[0] = 3;
    totals.startAt(0);
    now = 10;
    totals.advance(); // 0 for 10 µs, then 1/3 for 20 µs
    totals.requested[0] = 1;
    now = 30;
    const s = summarize(input(pods, { totals }));
    expect(s.allocation.cpu.final).toBe(0.333333);
    expect(s.allocation.cpu.mean).toBe(Math.round(((1 / 3) * 20 / 30) * 1e6) / 1e6);
    expect(s.allocation.gpu).toEqual({ mean: 0, final: 0 });
  });
});
