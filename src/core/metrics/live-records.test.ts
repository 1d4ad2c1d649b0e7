import { describe, expect, it } from "vitest";
import { LiveRecords } from "./live-records.js";
import { Recorder } from "./recorder.js";

describe("LiveRecords", () => {
  it("a reused slot starts as a new arrival, with nothing of the pod that held it", () => {
    const t = new LiveRecords();
    const a = t.add(0, "a", "ns", 5, 100, 2048, 1, 1000);
    t.scheduledUs[a] = 7;
    t.startUs[a] = 8;
    t.endUs[a] = 9;
    t.attempts[a] = 3;
    t.node[a] = "n1";
    t.lastFailure[a] = "0/1 nodes are available";
    t.markPreempted(a);
    t.setFailed(a, true);
    t.release(a);
    const b = t.add(1, "b", "default", 10, 200, 4096, 0, 0);
    expect(b).toBe(a);
    expect(t.record(b)).toEqual({
      name: "b", namespace: "default", arrivalUs: 10, scheduledUs: -1, node: "", startUs: -1, endUs: -1, attempts: 0, lastFailure: "",
      preempted: false, deleted: false, failed: false, cpuMilli: 200, memoryBytes: 4096, gpuCount: 0, gpuMilli: 0,
    });
    expect(t.seq[b]).toBe(1);
  });

  it("keeps times beyond 2^31 µs and grows past its first columns", () => {
    const t = new LiveRecords();
    const slots = Array.from({ length: 3000 }, (_, i) => t.add(i, `p${i}`, "default", i, 1, 1, 0, 0));
    t.endUs[slots[2999]!] = 3_600_000_000_123;
    expect(t.record(slots[2999]!).endUs).toBe(3_600_000_000_123);
    expect(t.record(slots[0]!).name).toBe("p0");
  });

  it("gives the outcome Recorder.outcome gives its record, for every state", () => {
    const t = new LiveRecords();
    for (const scheduled of [-1, 4]) {
      for (const start of [-1, 5]) {
        for (const end of [-1, 6]) {
          for (const attempts of [0, 2]) {
            for (const flags of [0, 1, 2, 3, 4, 5, 6, 7]) {
              const s = t.add(0, "p", "default", 0, 1, 1, 0, 0);
              t.scheduledUs[s] = scheduled;
              t.startUs[s] = start;
              t.endUs[s] = end;
              t.attempts[s] = attempts;
              if (flags & 1) t.markPreempted(s);
              if (flags & 2) t.markDeleted(s);
              t.setFailed(s, (flags & 4) !== 0);
              expect(t.outcome(s)).toBe(Recorder.outcome(t.record(s)));
              t.release(s);
            }
          }
        }
      }
    }
  });
});
