/**
 * Names and hardware addresses of simulated links. The reference plugins name chains and IFB devices by
 * a SHA-512 prefix (pkg/utils FormatHashWithPrefix) and leave veth names and MACs to randomness or the
 * kernel; a simulation must be deterministic, so those are derived from the attachment instead, with a
 * cheap 32-bit hash (one per pod setup, on a run's hot path).
 */
import { createHash } from "node:crypto";
import { fnv1_32 } from "../../util/fnv.js";

const hex8 = (text: string) => fnv1_32(text).toString(16).padStart(8, "0");

/** `prefix` + hex SHA-512 of `text`, cut to `length` characters (the reference's chain and device names). */
export function hashWithPrefix(length: number, prefix: string, text: string): string {
  return `${prefix}${createHash("sha512").update(text).digest("hex")}`.slice(0, length);
}

/** A locally administered unicast MAC from `text` (0a:58 + four hash bytes, the prefix Kubernetes networks use). */
export function macFor(text: string): string {
  const h = hex8(text);
  return `0a:58:${h.slice(0, 2)}:${h.slice(2, 4)}:${h.slice(4, 6)}:${h.slice(6, 8)}`;
}

/** A host-side veth name for an attachment: "veth" + 8 hex digits, as the reference's random names look. */
export function vethName(containerId: string, ifname: string): string {
  return `veth${hex8(`${containerId}\0${ifname}`)}`;
}

/** 0a:58 followed by the four bytes of an IPv4 address (the MAC Kubernetes networks derive from a pod's address). */
export function macFromIPv4(ip: number): string {
  const b = (shift: number) => ((ip >>> shift) & 255).toString(16).padStart(2, "0");
  return `0a:58:${b(24)}:${b(16)}:${b(8)}:${b(0)}`;
}
