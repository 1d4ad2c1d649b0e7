/**
 * Where host-local keeps its reservations: an address → (container ID, interface) map plus the last
 * reserved address of each range set, as the reference plugin's backend.Store. The simulation keeps it in
 * memory; `clusterlab cni exec` keeps it on disk in the reference layout (disk-store.ts).
 */
export interface IpStore {
  /** Records `ip` for (id, ifname) unless it is taken; also makes it range set `rangeId`'s last reserved address. */
  reserve(id: string, ifname: string, ip: string, rangeId: string): boolean;
  lastReservedIP(rangeId: string): string | null;
  /** Whether (id, ifname) — or, for state written by old versions, `id` alone — holds an address. */
  findById(id: string, ifname: string): boolean;
  /** Releases every address of (id, ifname) (falling back to `id` alone); nothing held is not an error. */
  releaseById(id: string, ifname: string): void;
  getById(id: string, ifname: string): string[];
  /** Every reservation: address, container ID, interface. */
  reservations(): Iterable<{ ip: string; id: string; ifname: string }>;
}

/** The owner key the reference plugin writes into an address's file. */
export const ownerKey = (id: string, ifname: string) => `${id.trim()}\r\n${ifname}`;

export class MemoryStore implements IpStore {
  private readonly owners = new Map<string, string>();
  private readonly byOwner = new Map<string, string[]>();
  private readonly last = new Map<string, string>();

  reserve(id: string, ifname: string, ip: string, rangeId: string): boolean {
    if (this.owners.has(ip)) return false;
    const key = ownerKey(id, ifname);
    this.owners.set(ip, key);
    const held = this.byOwner.get(key);
    if (held) held.push(ip);
    else this.byOwner.set(key, [ip]);
    this.last.set(rangeId, ip);
    return true;
  }

  lastReservedIP(rangeId: string): string | null {
    return this.last.get(rangeId) ?? null;
  }

  findById(id: string, ifname: string): boolean {
    return this.byOwner.has(ownerKey(id, ifname));
  }

  releaseById(id: string, ifname: string): void {
    const key = ownerKey(id, ifname);
    const held = this.byOwner.get(key);
    if (!held) return;
    for (const ip of held) this.owners.delete(ip);
    this.byOwner.delete(key);
  }

  getById(id: string, ifname: string): string[] {
    return this.byOwner.get(ownerKey(id, ifname)) ?? [];
  }

  *reservations(): Iterable<{ ip: string; id: string; ifname: string }> {
    for (const [ip, key] of this.owners) {
      const [id = "", ifname = ""] = key.split("\r\n");
      yield { ip, id, ifname };
    }
  }

  /** Addresses held (for utilisation): one per reservation. */
  get size(): number {
    return this.owners.size;
  }
}
