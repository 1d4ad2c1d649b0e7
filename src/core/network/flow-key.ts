/** A (address, protocol, port) triple as one number, so data planes look services up without building strings. */

const PROTO_NUM: Readonly<Record<string, number>> = { tcp: 6, udp: 17, sctp: 132, TCP: 6, UDP: 17, SCTP: 132 };

/** `protocol`: a name ("tcp", "TCP") or an IP protocol number; the key stays below 2^53. */
export function flowKey(ip: number, protocol: string | number, port: number): number {
  const p = typeof protocol === "number" ? protocol : PROTO_NUM[protocol]!;
  return (ip * 256 + p) * 65536 + port;
}
