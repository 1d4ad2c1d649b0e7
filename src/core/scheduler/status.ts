/**
 * Scheduling results are values, not exceptions (kube-scheduler's framework.Status).
 * Codes keep kube-scheduler's numbering. A `null` status means Success: hot paths return null
 * and allocate nothing when a node passes.
 */
export const Code = {
  Success: 0,
  Error: 1,
  Unschedulable: 2,
  UnschedulableAndUnresolvable: 3,
  Wait: 4,
  Skip: 5,
  Pending: 6,
} as const;
export type Code = (typeof Code)[keyof typeof Code];

export const CODE_NAMES = ["Success", "Error", "Unschedulable", "UnschedulableAndUnresolvable", "Wait", "Skip", "Pending"] as const;
export type CodeName = (typeof CODE_NAMES)[number];

export class Status {
  /** Name of the plugin that produced the status; set by the runtime when empty. */
  plugin: string;
  constructor(
    readonly code: Code,
    readonly reasons: readonly string[] = [],
    plugin = "",
    /** For Wait: how long the pod may wait in Permit, in virtual microseconds. */
    readonly timeoutUs = 0,
  ) {
    this.plugin = plugin;
  }
  get codeName(): CodeName {
    return CODE_NAMES[this.code];
  }
  isSuccess(): boolean {
    return this.code === Code.Success;
  }
  isSkip(): boolean {
    return this.code === Code.Skip;
  }
  isWait(): boolean {
    return this.code === Code.Wait;
  }
  /** Unschedulable, UnschedulableAndUnresolvable or Pending (framework.Status.IsRejected). */
  isRejected(): boolean {
    return this.code === Code.Unschedulable || this.code === Code.UnschedulableAndUnresolvable || this.code === Code.Pending;
  }
  message(): string {
    return this.reasons.join(", ");
  }
  withPlugin(name: string): this {
    if (!this.plugin) this.plugin = name;
    return this;
  }
  toString(): string {
    return `${this.codeName}${this.reasons.length ? `: ${this.message()}` : ""}`;
  }

  static success(): Status {
    return new Status(Code.Success);
  }
  static error(reason: string): Status {
    return new Status(Code.Error, [reason]);
  }
  static unschedulable(...reasons: string[]): Status {
    return new Status(Code.Unschedulable, reasons);
  }
  static unresolvable(...reasons: string[]): Status {
    return new Status(Code.UnschedulableAndUnresolvable, reasons);
  }
  static skip(): Status {
    return new Status(Code.Skip);
  }
  static wait(timeoutUs: number): Status {
    return new Status(Code.Wait, [], "", timeoutUs);
  }
}

/**
 * A shared, frozen failure status for a constant reason, with its plugin name set (so the runtime never
 * writes to it). Filters return these on the per-node path so a failing node allocates nothing.
 */
export function frozenStatus(code: Code, reasons: readonly string[], plugin: string): Status {
  return Object.freeze(new Status(code, Object.freeze([...reasons]), plugin)) as Status;
}

/** Shared Skip result: plugins may return it without allocating. Never mutate it. */
export const SKIP: Status = Object.freeze(new Status(Code.Skip)) as Status;

/** A Status is Success when it is null or has code Success. */
export function isSuccess(s: Status | null | undefined): boolean {
  return s == null || s.code === Code.Success;
}

/**
 * FitError.Error()'s text from node counts per reason: "0/N nodes are available: 3 Insufficient cpu, 2 …."
 * (parts sorted as kube sorts them; nothing after the colon when there are none).
 */
export function fitErrorText(numAllNodes: number, counts: ReadonlyMap<string, number>): string {
  const parts = [...counts].map(([r, c]) => `${c} ${r}`).sort();
  const head = `0/${numAllNodes} nodes are available:`;
  return parts.length > 0 ? `${head} ${parts.join(", ")}.` : head;
}
