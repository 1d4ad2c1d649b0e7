/**
 * ClientIP session affinity state, as the kernel keeps it for a proxy: per named table (an iptables
 * `-m recent` list, an nftables dynamic set with a timeout), when each client address was last seen.
 * It outlives rule reloads, as the kernel's tables do.
 */
export class AffinityTable {
  private readonly tables = new Map<string, Map<number, number>>();

  /** `client` seen now (`-m recent --set`, `update @set { ip saddr }`). */
  record(name: string, client: number, now: number): void {
    let t = this.tables.get(name);
    if (!t) this.tables.set(name, (t = new Map()));
    t.set(client, now);
  }

  /** Whether `client` was seen within the last `seconds`; an older entry is forgotten (`--reap`, a timed-out element). */
  recent(name: string, client: number, now: number, seconds: number): boolean {
    const t = this.tables.get(name);
    const at = t?.get(client);
    if (at === undefined) return false;
    if (now - at > seconds) {
      t!.delete(client);
      return false;
    }
    return true;
  }
}
