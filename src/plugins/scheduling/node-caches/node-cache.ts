/**
 * Caches of per-node derived values, valid while the node's state is unchanged (NodeInfo.generation is
 * bumped on every pod add/remove and node update). Rows are addressed by NodeInfo.index and owned by one
 * NodeInfo object, so a clone (preemption dry runs) or a node that took over an index never reads a
 * stale row. Lookups are a few typed-array reads: meant for the per-node Score hot path.
 */
import { grown } from "../../../core/util/grown.js";
import type { NodeInfo } from "../../../core/scheduler/node-info.js";

/** One number per node. */
export class NodeValueCache {
  private owner: (NodeInfo | undefined)[] = [];
  private gen = new Float64Array(0);
  private val = new Float64Array(0);

  private grow(n: number): void {
    const size = Math.max(n, this.gen.length * 2, 64);
    this.gen = grown(this.gen, size).fill(-1, this.gen.length);
    this.val = grown(this.val, size);
  }

  /** The cached value, or NaN when absent or stale. */
  get(node: NodeInfo): number {
    const i = node.index;
    if (i >= this.gen.length || this.owner[i] !== node || this.gen[i] !== node.generation) return NaN;
    return this.val[i]!;
  }

  set(node: NodeInfo, v: number): void {
    const i = node.index;
    if (i >= this.gen.length) this.grow(i + 1);
    this.owner[i] = node;
    this.gen[i] = node.generation;
    this.val[i] = v;
  }
}

/**
 * Two numbers per (node, key), keys being small integers (e.g. interned pod shapes), e.g. a score and
 * the device that achieves it.
 */
export class NodeKeyCache {
  private owner: (NodeInfo | undefined)[] = [];
  private stride = 0;
  private rows = 0;
  private gen = new Float64Array(0);
  private a = new Float64Array(0);
  private b = new Float64Array(0);
  /** Set by `find`: the two cached values. */
  valueA = 0;
  valueB = 0;

  private resize(rows: number, stride: number): void {
    const gen = new Float64Array(rows * stride).fill(-1);
    const a = new Float64Array(rows * stride);
    const b = new Float64Array(rows * stride);
    for (let r = 0; r < this.rows; r++) {
      for (let k = 0; k < this.stride; k++) {
        gen[r * stride + k] = this.gen[r * this.stride + k]!;
        a[r * stride + k] = this.a[r * this.stride + k]!;
        b[r * stride + k] = this.b[r * this.stride + k]!;
      }
    }
    this.gen = gen;
    this.a = a;
    this.b = b;
    this.rows = rows;
    this.stride = stride;
  }

  /** True (and valueA/valueB set) when (node, key) is cached for the node's current state. */
  find(node: NodeInfo, key: number): boolean {
    const i = node.index;
    if (i >= this.rows || key >= this.stride || this.owner[i] !== node) return false;
    const j = i * this.stride + key;
    if (this.gen[j] !== node.generation) return false;
    this.valueA = this.a[j]!;
    this.valueB = this.b[j]!;
    return true;
  }

  set(node: NodeInfo, key: number, a: number, b: number): void {
    const i = node.index;
    if (i >= this.rows || key >= this.stride) {
      this.resize(i >= this.rows ? Math.max(i + 1, this.rows * 2, 64) : this.rows, key >= this.stride ? Math.max(key + 1, this.stride * 2, 16) : this.stride);
    }
    if (this.owner[i] !== node) {
      this.owner[i] = node;
      this.gen.fill(-1, i * this.stride, (i + 1) * this.stride);
    }
    const j = i * this.stride + key;
    this.gen[j] = node.generation;
    this.a[j] = a;
    this.b[j] = b;
  }
}

/** Small integer ids for distinct string keys (per plugin instance). */
export class Interner {
  private readonly ids = new Map<string, number>();
  id(key: string): number {
    let v = this.ids.get(key);
    if (v === undefined) {
      v = this.ids.size;
      this.ids.set(key, v);
    }
    return v;
  }
}
