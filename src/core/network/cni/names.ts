/**
 * Names and hardware addresses of simulated links. The reference plugins name chains and IFB devices by
 * a SHA-512 prefix (pkg/utils FormatHashWithPrefix) and leave veth names and MACs to randomness or the
 * kernel; a simulation must be deterministic, so those are derived from the attachment instead.
 */
import { createHash } from "node:crypto";

/** `prefix` + hex SHA-512 of `text`, cut to `length` characters (the reference's chain and device names). */
export function hashWithPrefix(length: number, prefix: string, text: string): string {
  return `${prefix}${createHash("sha512").update(text).digest("hex")}`.slice(0, length);
}

/** A locally administered unicast MAC from `text` (0a:58 + four hash bytes, the prefix Kubernetes networks use). */
export function macFor(text: string): string {
  const h = createHash("sha512").update(text).digest();
  return ["0a", "58", ...[h[0]!, h[1]!, h[2]!, h[3]!].map((b) => b.toString(16).padStart(2, "0"))].join(":");
}

/** A host-side veth name for an attachment: "veth" + 8 hex digits, as the reference's random names look. */
export function vethName(containerId: string, ifname: string): string {
  return hashWithPrefix(12, "veth", `${containerId}\0${ifname}`);
}
