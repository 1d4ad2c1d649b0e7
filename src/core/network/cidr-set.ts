/**
 * The node IPAM controller's CIDR set (kube-controller-manager pkg/controller/nodeipam/ipam/cidrset):
 * the cluster CIDR cut into node-sized blocks, a bitmap of the ones in use and a round-robin cursor, so a
 * released block is handed out again only after the others. Errors carry upstream's messages.
 */
import { bits, formatIP, parseIPNet, type IPNet } from "./ip.js";

/** Upstream's clusterSubnetMaxDiff: at most 2^16 node blocks per cluster CIDR. */
const MAX_DIFF = 16;

export class CidrSet {
  private readonly used: Uint8Array;
  private allocated = 0;
  private nextCandidate = 0;
  readonly max: number;
  private readonly base: bigint;
  private readonly blockBits: bigint;

  constructor(
    readonly cluster: IPNet,
    readonly nodeMaskSize: number,
  ) {
    if (nodeMaskSize < cluster.prefix || nodeMaskSize > bits(cluster.ip)) throw new Error(`node CIDR mask size /${nodeMaskSize} does not fit the cluster CIDR /${cluster.prefix}`);
    if (nodeMaskSize - cluster.prefix > MAX_DIFF) throw new Error("New CIDR set failed; the node CIDR size is too big");
    this.max = 2 ** (nodeMaskSize - cluster.prefix);
    this.used = new Uint8Array(this.max);
    this.blockBits = BigInt(bits(cluster.ip) - nodeMaskSize);
    const hostBits = BigInt(bits(cluster.ip) - cluster.prefix);
    this.base = (cluster.ip.n >> hostBits) << hostBits;
  }

  get allocatedCount(): number {
    return this.allocated;
  }

  private block(i: number): string {
    return `${formatIP({ v6: this.cluster.ip.v6, n: this.base + (BigInt(i) << this.blockBits) })}/${this.nodeMaskSize}`;
  }

  /** The next free node block. */
  allocateNext(): string {
    if (this.allocated === this.max) throw new Error("CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range");
    for (let i = 0; i < this.max; i++) {
      const c = (this.nextCandidate + i) % this.max;
      if (!this.used[c]) {
        this.used[c] = 1;
        this.nextCandidate = (c + 1) % this.max;
        this.allocated++;
        return this.block(c);
      }
    }
    throw new Error("CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range");
  }

  private index(cidr: string): number {
    const net = parseIPNet(cidr);
    if (!net || net.ip.v6 !== this.cluster.ip.v6 || net.prefix !== this.nodeMaskSize) throw new Error(`cidr ${cidr} is not a /${this.nodeMaskSize} of the cluster CIDR`);
    const i = (net.ip.n - this.base) >> this.blockBits;
    if (i < 0n || i >= BigInt(this.max)) throw new Error(`cidr ${cidr} is out of the range of the cluster CIDR`);
    return Number(i);
  }

  /** Marks a node's existing podCIDR as used (the controller does this for nodes that already have one). */
  occupy(cidr: string): void {
    const i = this.index(cidr);
    if (!this.used[i]) {
      this.used[i] = 1;
      this.allocated++;
    }
  }

  release(cidr: string): void {
    const i = this.index(cidr);
    if (this.used[i]) {
      this.used[i] = 0;
      this.allocated--;
    }
  }
}
