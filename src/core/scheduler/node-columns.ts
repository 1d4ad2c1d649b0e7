/**
 * The numbers the Filter and Score loops read for every node, one typed array each, indexed by the
 * node's position in the snapshot (NodeInfo.index). A loop over a window of nodes then reads contiguous
 * memory instead of one object per node, and holds memory in bytes as doubles in place (as an object
 * field, a number past 2^31 is a separate heap object to follow). NodeInfo writes its row on every
 * change (syncHot), so the columns are the snapshot's nodes at all times.
 */
import { grown } from "../util/grown.js";
import type { NodeInfo } from "./node-info.js";

export class NodeColumns {
  allocCpu = new Float64Array(0);
  allocMem = new Float64Array(0);
  allocPods = new Float64Array(0);
  reqCpu = new Float64Array(0);
  reqMem = new Float64Array(0);
  nzCpu = new Float64Array(0);
  nzMem = new Float64Array(0);
  podCount = new Float64Array(0);

  /** Copies a node's numbers into row `i` (its index), growing the columns as needed. */
  write(i: number, ni: NodeInfo): void {
    if (i >= this.allocCpu.length) this.grow(Math.max(1024, 2 * i));
    this.allocCpu[i] = ni.allocCpu;
    this.allocMem[i] = ni.allocMem;
    this.allocPods[i] = ni.allocPods;
    this.reqCpu[i] = ni.reqCpu;
    this.reqMem[i] = ni.reqMem;
    this.nzCpu[i] = ni.nzCpu;
    this.nzMem[i] = ni.nzMem;
    this.podCount[i] = ni.podCount;
  }

  private grow(n: number): void {
    this.allocCpu = grown(this.allocCpu, n);
    this.allocMem = grown(this.allocMem, n);
    this.allocPods = grown(this.allocPods, n);
    this.reqCpu = grown(this.reqCpu, n);
    this.reqMem = grown(this.reqMem, n);
    this.nzCpu = grown(this.nzCpu, n);
    this.nzMem = grown(this.nzMem, n);
    this.podCount = grown(this.podCount, n);
  }

}

/**
 * Where a batch hook's nodes sit in the columns: `nodes[i]` is row `rows[i]` of `columns` (its index in the
 * snapshot). Given only for nodes of the scheduler's own snapshot; without it a hook reads the NodeInfos.
 */
export interface NodeRows {
  readonly columns: NodeColumns;
  readonly rows: Int32Array;
}

/** Rows for nodes that are not in a snapshot's columns: their numbers copied into rows 0…n−1 of a scratch set. */
export class GatheredRows implements NodeRows {
  readonly columns = new NodeColumns();
  rows = new Int32Array(0);

  of(nodes: readonly NodeInfo[]): NodeRows {
    if (this.rows.length < nodes.length) this.rows = Int32Array.from({ length: Math.max(nodes.length, 2 * this.rows.length) }, (_, i) => i);
    for (let i = 0; i < nodes.length; i++) this.columns.write(i, nodes[i]!);
    return this;
  }
}
