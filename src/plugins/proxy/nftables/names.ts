/**
 * kube-proxy's nftables object names (pkg/proxy/nftables/proxier.go): "<prefix>-<H8>-ns/svc/proto/port"
 * for a service port and "…__ip/port" for an endpoint, H8 the first 8 base32 characters of the name's
 * SHA-256; names longer than 240 characters are cut and end in "...".
 */
import { createHash } from "node:crypto";
import { base32Prefix } from "../../../core/network/base32.js";
import { remember } from "../../../core/util/remember.js";
import type { ServicePortInfo } from "../../../core/network/service-port.js";

const NAME_BASE_MAX = 240;

/** Every sync recomputes every name; they are pure functions of their input, so remember them. */
export const hashAndTruncate = remember((name: string): string => {
  const out = `${base32Prefix(createHash("sha256").update(name).digest(), 8)}-${name}`;
  return out.length > NAME_BASE_MAX ? `${out.slice(0, NAME_BASE_MAX - 3)}...` : out;
});

export function serviceBase(svc: ServicePortInfo, protocol: string): string {
  return hashAndTruncate(`${svc.namespace}/${svc.service}/${protocol}/${svc.portName}`);
}

/** `endpoint` is "ip:port". */
export function endpointBase(svc: ServicePortInfo, protocol: string, endpoint: string): string {
  const colon = endpoint.lastIndexOf(":");
  return hashAndTruncate(`${svc.namespace}/${svc.service}/${protocol}/${svc.portName}__${endpoint.slice(0, colon)}/${endpoint.slice(colon + 1)}`);
}
