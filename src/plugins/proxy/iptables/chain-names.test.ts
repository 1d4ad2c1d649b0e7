// Chain names against kube-proxy's own test literals (pkg/proxy/iptables/proxier_test.go).
import { describe, expect, it } from "vitest";
import { base32Prefix } from "../../../core/network/base32.js";
import { clusterChain, endpointChain, externalChain, firewallChain, localChain, portProtoHash } from "./chain-names.js";

describe("kube-proxy chain names", () => {
  it.each([
    ["ns1/svc1:p80", "tcp", "XPGD46QRK7WJZT7O"],
    ["ns2/svc2:p80", "tcp", "GNZBNJ2PO5MGZ6GT"],
    ["ns3/svc3:p80", "tcp", "X27LE4BHSL4DOUIK"],
    ["ns4/svc4:p80", "tcp", "4SW47YFZTEDKD3PK"],
    ["ns5/svc5:p80", "tcp", "NUKIZ6OKUXPJNT4C"],
    ["default/kubernetes:https", "tcp", "NPX46M4PTMTKRN6Y"],
    ["kube-system/kube-dns:dns", "udp", "TCOU7JCQXEZGVUNU"],
    ["kube-system/kube-dns:dns-tcp", "tcp", "ERIFXISQEP7F7OF4"],
  ])("portProtoHash(%s, %s) = %s", (name, proto, want) => {
    expect(portProtoHash(name, proto)).toBe(want);
  });

  it("prefixes each chain kind", () => {
    expect(clusterChain("ns4/svc4:p80", "tcp")).toBe("KUBE-SVC-4SW47YFZTEDKD3PK");
    expect(localChain("ns2/svc2:p80", "tcp")).toBe("KUBE-SVL-GNZBNJ2PO5MGZ6GT");
    expect(externalChain("ns2/svc2:p80", "tcp")).toBe("KUBE-EXT-GNZBNJ2PO5MGZ6GT");
    expect(firewallChain("ns5/svc5:p80", "tcp")).toBe("KUBE-FW-NUKIZ6OKUXPJNT4C");
  });

  it.each([
    ["ns4/svc4:p80", "10.180.0.4:80", "KUBE-SEP-UKSFD7AGPMPPLUHC"],
    ["ns4/svc4:p80", "10.180.0.5:80", "KUBE-SEP-C6EBXVWJJZMIWKLZ"],
    ["ns1/svc1:p80", "10.180.0.1:80", "KUBE-SEP-SXIVWICOYRO3J4NJ"],
    ["ns5/svc5:p80", "10.180.0.3:80", "KUBE-SEP-I77PXRDZVX7PMWMN"],
  ])("endpointChain(%s, %s) = %s", (svc, ep, want) => {
    expect(endpointChain(svc, "tcp", ep)).toBe(want);
  });

  it("base32 matches RFC 4648's test vectors", () => {
    const enc = (s: string, n: number) => base32Prefix(new TextEncoder().encode(s), n);
    expect(enc("f", 2)).toBe("MY");
    expect(enc("fo", 4)).toBe("MZXQ");
    expect(enc("foobar", 10)).toBe("MZXW6YTBOI");
  });
});
