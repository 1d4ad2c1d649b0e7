import { describe, expect, it } from "vitest";
import type { ContainerPort } from "../../../core/api/types.js";
import { CycleState } from "../../../core/scheduler/cycle-state.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import { Code, SKIP } from "../../../core/scheduler/status.js";
import { filterAll, makeHandle, makeNode, makePod, makeSnapshot } from "../../../core/scheduler/testing.js";
import { NodePorts } from "./index.js";

/** "PROTO/ip/port" strings, as upstream's newPod helper takes them. */
function ports(...specs: string[]): ContainerPort[] {
  return specs.map((s) => {
    const [protocol, hostIP, port] = s.split("/");
    return { containerPort: Number(port), hostPort: Number(port), hostIP, protocol: protocol as ContainerPort["protocol"] };
  });
}

/** Runs PreFilter+Filter for a pod wanting `want` on a node that already runs a pod using `existing`. */
function check(want: string[], existing: string[]) {
  const existingPod = makePod({ name: "m1", nodeName: "n", containers: [{ name: "c", ports: ports(...existing) }] });
  const snap = makeSnapshot([makeNode({ name: "n" })], existing.length ? [existingPod] : []);
  const pl = NodePorts.create(NodePorts.args(undefined, "args"), makeHandle(snap));
  return filterAll(pl, makePod({ name: "p", containers: [{ name: "c", ports: ports(...want) }] }), snap).n ?? null;
}

const conflict = { code: Code.Unschedulable, reasons: ["node(s) didn't have free ports for the requested pod ports"] };

// Upstream: nodeports/node_ports_test.go TestNodePorts.
describe("NodePorts (TestNodePorts)", () => {
  it("skip filter", () => {
    const pl = NodePorts.create(undefined, makeHandle(makeSnapshot([])));
    expect(pl.preFilter!(new CycleState(), new PodInfo(makePod({ name: "p" })), [])).toBe(SKIP);
    const withPort = makePod({ name: "q", containers: [{ name: "c", ports: ports("TCP/0.0.0.0/80") }] });
    expect(pl.preFilter!(new CycleState(), new PodInfo(withPort), [])).toBeNull();
  });
  it("other port", () => expect(check(["UDP/127.0.0.1/8080"], ["UDP/127.0.0.1/9090"])).toBeNull());
  it("same udp port", () => expect(check(["UDP/127.0.0.1/8080"], ["UDP/127.0.0.1/8080"])).toMatchObject(conflict));
  it("same tcp port", () => expect(check(["TCP/127.0.0.1/8080"], ["TCP/127.0.0.1/8080"])).toMatchObject(conflict));
  it("different host ip", () => expect(check(["TCP/127.0.0.1/8080"], ["TCP/127.0.0.2/8080"])).toBeNull());
  it("different protocol", () => expect(check(["UDP/127.0.0.1/8080"], ["TCP/127.0.0.1/8080"])).toBeNull());
  it("second udp port conflict", () =>
    expect(check(["UDP/127.0.0.1/8000", "UDP/127.0.0.1/8080"], ["UDP/127.0.0.1/8080"])).toMatchObject(conflict));
  it("first tcp port conflict", () =>
    expect(check(["TCP/127.0.0.1/8001", "UDP/127.0.0.1/8080"], ["TCP/127.0.0.1/8001", "UDP/127.0.0.1/8081"])).toMatchObject(conflict));
  it("first tcp port conflict due to 0.0.0.0 hostIP", () =>
    expect(check(["TCP/0.0.0.0/8001"], ["TCP/127.0.0.1/8001"])).toMatchObject(conflict));
  it("TCP hostPort conflict due to 0.0.0.0 hostIP", () =>
    expect(check(["TCP/10.0.10.10/8001", "TCP/0.0.0.0/8001"], ["TCP/127.0.0.1/8001"])).toMatchObject(conflict));
  it("second tcp port conflict to 0.0.0.0 hostIP", () =>
    expect(check(["TCP/127.0.0.1/8001"], ["TCP/0.0.0.0/8001"])).toMatchObject(conflict));
  it("second different protocol", () => expect(check(["UDP/127.0.0.1/8001"], ["TCP/0.0.0.0/8001"])).toBeNull());
  it("UDP hostPort conflict due to 0.0.0.0 hostIP", () =>
    expect(check(["UDP/127.0.0.1/8001"], ["TCP/0.0.0.0/8001", "UDP/0.0.0.0/8001"])).toMatchObject(conflict));

  // Not upstream: the wildcard check must match whole port numbers and protocols only.
  it("0.0.0.0 does not conflict with a longer port number or another protocol ending alike", () =>
    expect(check(["TCP/0.0.0.0/8001"], ["TCP/127.0.0.1/18001", "SCTP/127.0.0.1/8001"])).toBeNull());
  it("an unset hostIP means 0.0.0.0", () => {
    const existing = makePod({ name: "m1", nodeName: "n", containers: [{ name: "c", ports: [{ containerPort: 80, hostPort: 80 }] }] });
    const snap = makeSnapshot([makeNode({ name: "n" })], [existing]);
    const pl = NodePorts.create(undefined, makeHandle(snap));
    const pod = makePod({ name: "p", containers: [{ name: "c", ports: ports("TCP/10.1.1.1/80") }] });
    expect(filterAll(pl, pod, snap).n).toMatchObject(conflict);
  });
});

// Upstream: TestFits.
describe("NodePorts fits (TestFits)", () => {
  it("non-conflicting ports", () => expect(check(["TCP/127.0.0.1/80"], ["TCP/127.0.0.1/9090"])).toBeNull());
  it("multiple non-conflicting ports", () =>
    expect(
      check(
        ["TCP/127.0.0.1/80", "TCP/127.0.1.1/80", "TCP/127.0.1.1/90", "TCP/127.0.1.1/100"],
        ["TCP/127.0.0.1/9090", "TCP/127.0.0.1/9191", "TCP/127.0.1.1/8080"],
      ),
    ).toBeNull());
  it("same ports on different protocols", () => expect(check(["TCP/127.0.0.1/80"], ["UDP/127.0.0.1/80"])).toBeNull());
  it("conflicting ports", () => expect(check(["TCP/127.0.0.1/80"], ["TCP/127.0.0.1/80"])).toMatchObject(conflict));
  it("multiple ports, some conflicting", () =>
    expect(
      check(
        ["TCP/127.0.0.1/80", "TCP/127.0.1.1/80", "TCP/127.0.1.1/90", "TCP/127.0.1.1/100"],
        ["TCP/127.0.0.1/9090", "TCP/127.0.1.1/90", "TCP/127.0.1.1/8080"],
      ),
    ).toMatchObject(conflict));
});
