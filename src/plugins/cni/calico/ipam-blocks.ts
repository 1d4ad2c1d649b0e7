/**
 * Calico's IPAM datastore (libcalico-go lib/ipam): IP pools cut into blocks (/26 by default for IPv4,
 * /122 for IPv6), each block affine to the node that claimed it so the node's routes aggregate per
 * block. A node's new pod takes the first free address of its affine blocks (a block hands out addresses
 * in order and puts released ones at the back of its queue); when they are full the node claims a free
 * block, scanning the pool from a start derived from its name; when no block is free and strictAffinity
 * is off, it borrows an address from another node's block (that address then needs its own /32 route).
 * Calico seeds Go's math/rand with the FNV-1 hash of the node name for the start; this model takes the
 * hash itself modulo the number of blocks — the same spread, not the same blocks.
 */
import { formatIP, parseIPNet, type IPNet } from "../../../core/network/ip.js";
import { fnv1_32 } from "../../../core/util/fnv.js";


export type EncapMode = "Always" | "CrossSubnet" | "Never";

export interface PoolSpec {
  readonly cidr: string;
  readonly blockSize?: number;
  readonly ipipMode?: EncapMode;
  readonly vxlanMode?: EncapMode;
  readonly natOutgoing?: boolean;
}

export interface Pool {
  readonly net: IPNet;
  readonly blockSize: number;
  readonly ipipMode: EncapMode;
  readonly vxlanMode: EncapMode;
  readonly natOutgoing: boolean;
}

export class Block {
  affinity: string | null = null;
  /** Free ordinals, next to hand out first. */
  private readonly free: number[];
  private readonly owners: (string | null)[];

  constructor(
    readonly pool: Pool,
    readonly base: bigint,
  ) {
    const size = 2 ** ((pool.net.ip.v6 ? 128 : 32) - pool.blockSize);
    this.free = Array.from({ length: size }, (_, i) => i);
    this.owners = new Array<string | null>(size).fill(null);
  }

  get cidr(): string {
    return `${formatIP({ v6: this.pool.net.ip.v6, n: this.base })}/${this.pool.blockSize}`;
  }

  get freeCount(): number {
    return this.free.length;
  }

  get usedCount(): number {
    return this.owners.length - this.free.length;
  }

  assign(handle: string): string {
    const ordinal = this.free.shift()!;
    this.owners[ordinal] = handle;
    return formatIP({ v6: this.pool.net.ip.v6, n: this.base + BigInt(ordinal) });
  }

  /** Releases the addresses of `handle`; returns how many. */
  release(handle: string): number {
    let n = 0;
    for (let i = 0; i < this.owners.length; i++) {
      if (this.owners[i] !== handle) continue;
      this.owners[i] = null;
      this.free.push(i);
      n++;
    }
    return n;
  }
}

export function parsePool(spec: PoolSpec): Pool {
  const net = parseIPNet(spec.cidr);
  if (!net) throw new Error(`IPPool cidr ${JSON.stringify(spec.cidr)} is not a CIDR`);
  const v6 = net.ip.v6;
  const blockSize = spec.blockSize ?? (v6 ? 122 : 26);
  const [lo, hi] = v6 ? [116, 128] : [20, 32];
  if (!Number.isInteger(blockSize) || blockSize < lo || blockSize > hi) throw new Error(`IPPool ${spec.cidr}: blockSize ${blockSize} must be between ${lo} and ${hi}`);
  if (blockSize < net.prefix) throw new Error(`IPPool ${spec.cidr}: blockSize /${blockSize} is larger than the pool`);
  const total = v6 ? 128 : 32;
  const base = (net.ip.n >> BigInt(total - net.prefix)) << BigInt(total - net.prefix);
  return { net: { ip: { v6, n: base }, prefix: net.prefix }, blockSize, ipipMode: spec.ipipMode ?? "Never", vxlanMode: spec.vxlanMode ?? "Never", natOutgoing: spec.natOutgoing ?? false };
}

/** The calico.yaml manifest's default pool: 192.168.0.0/16, /26 blocks, IP-in-IP always. */
export const DEFAULT_POOL: PoolSpec = { cidr: "192.168.0.0/16", blockSize: 26, ipipMode: "Always", vxlanMode: "Never", natOutgoing: true };

export class CalicoIpam {
  readonly pools: readonly Pool[];
  /** Claimed blocks by CIDR, and the handle → blocks holding its addresses. */
  private readonly blocks = new Map<string, Block>();
  private readonly byHandle = new Map<string, Block[]>();
  private readonly byNode = new Map<string, Block[]>();

  constructor(
    pools: readonly PoolSpec[] = [DEFAULT_POOL],
    readonly strictAffinity = false,
  ) {
    this.pools = pools.map(parsePool);
  }

  /** One address for `handle` on `node` (IPv4 unless `v6`), from the node's blocks, a new block, or borrowed. */
  autoAssign(node: string, handle: string, v6 = false): { ip: string; block: Block; borrowed: boolean } {
    const pools = this.pools.filter((p) => p.net.ip.v6 === v6);
    if (pools.length === 0) throw new Error(`no configured Calico pools for node ${node}`);
    const take = (b: Block, borrowed: boolean) => {
      const ip = b.assign(handle);
      const held = this.byHandle.get(handle);
      if (held) held.push(b);
      else this.byHandle.set(handle, [b]);
      return { ip, block: b, borrowed };
    };
    for (const b of this.byNode.get(node) ?? []) if (b.pool.net.ip.v6 === v6 && b.freeCount > 0) return take(b, false);
    for (const pool of pools) {
      const b = this.claimFreeBlock(pool, node);
      if (b) return take(b, false);
    }
    if (!this.strictAffinity) {
      for (const b of this.blocks.values()) if (b.pool.net.ip.v6 === v6 && b.freeCount > 0) return take(b, true);
    }
    throw new Error(`failed to request 1 IPv${v6 ? 6 : 4} addresses for node ${node}: no free addresses in ${this.strictAffinity ? "its affine blocks and no unclaimed block (strictAffinity)" : "any block of the pools"} ${pools.map((p) => `${formatIP(p.net.ip)}/${p.net.prefix}`).join(", ")}`);
  }

  private claimFreeBlock(pool: Pool, node: string): Block | null {
    const total = pool.net.ip.v6 ? 128 : 32;
    const count = 2 ** (pool.blockSize - pool.net.prefix);
    const step = 1n << BigInt(total - pool.blockSize);
    const start = fnv1_32(node) % count;
    for (let i = 0; i < count; i++) {
      const base = pool.net.ip.n + BigInt((start + i) % count) * step;
      const cidr = `${formatIP({ v6: pool.net.ip.v6, n: base })}/${pool.blockSize}`;
      if (this.blocks.has(cidr)) continue;
      const b = new Block(pool, base);
      b.affinity = node;
      this.blocks.set(cidr, b);
      const mine = this.byNode.get(node);
      if (mine) mine.push(b);
      else this.byNode.set(node, [b]);
      return b;
    }
    return null;
  }

  /** Releases every address of `handle` (a pod's); a handle never seen is not an error. */
  releaseByHandle(handle: string): void {
    for (const b of this.byHandle.get(handle) ?? []) b.release(handle);
    this.byHandle.delete(handle);
  }

  /** Blocks affine to `node`. */
  affineBlocks(node: string): Block[] {
    return [...(this.byNode.get(node) ?? [])];
  }

  /** Every claimed block. */
  allBlocks(): Block[] {
    return [...this.blocks.values()];
  }

  handles(): IterableIterator<string> {
    return this.byHandle.keys();
  }
}

/** Header bytes a pool's encapsulation adds to a packet between nodes (crossSubnet: the nodes are in different subnets). */
export function encapOverhead(pool: Pool, crossSubnet: boolean): number {
  const on = (m: Pool["ipipMode"]) => m === "Always" || (m === "CrossSubnet" && crossSubnet);
  if (on(pool.vxlanMode)) return 50;
  if (on(pool.ipipMode)) return 20;
  return 0;
}
