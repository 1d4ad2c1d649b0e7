/**
 * kube-proxy's iptables chain names (pkg/proxy/iptables/proxier.go): a chain name may have at most 28
 * characters, so each service port and endpoint gets the first 16 characters of the base32 (RFC 4648,
 * standard alphabet) SHA-256 of its name and lower-case protocol.
 */
import { createHash } from "node:crypto";
import { base32Prefix } from "../../../core/network/base32.js";
import { remember } from "../../../core/util/remember.js";

/** Every sync recomputes every name; they are pure functions of their input, so remember them
 *  (kube-proxy keeps them on its endpoint objects). */
const hash16 = remember((s: string): string => base32Prefix(createHash("sha256").update(s).digest(), 16));

/** portProtoHash(servicePortName, protocol); `protocol` lower-case ("tcp"). */
export const portProtoHash = (servicePortName: string, protocol: string): string => hash16(servicePortName + protocol);

export const clusterChain = (svc: string, proto: string): string => `KUBE-SVC-${portProtoHash(svc, proto)}`;
export const localChain = (svc: string, proto: string): string => `KUBE-SVL-${portProtoHash(svc, proto)}`;
export const externalChain = (svc: string, proto: string): string => `KUBE-EXT-${portProtoHash(svc, proto)}`;
export const firewallChain = (svc: string, proto: string): string => `KUBE-FW-${portProtoHash(svc, proto)}`;
/** `endpoint` is "ip:port". */
export const endpointChain = (svc: string, proto: string, endpoint: string): string => `KUBE-SEP-${hash16(svc + proto + endpoint)}`;
