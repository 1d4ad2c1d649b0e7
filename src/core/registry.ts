/**
 * Named members of one family — scheduling plugins, trace formats, and the CNI and proxy plugins to come.
 * A name is registered once (a second registration is an error, never a silent replacement), and a lookup
 * of an unknown name says which names are known.
 */
export class Registry<T extends { readonly name: string }> implements ReadonlyMap<string, T> {
  private readonly members = new Map<string, T>();

  /** `family` names the members in errors ("scheduling plugin", "trace format"). */
  constructor(
    readonly family: string,
    members: Iterable<T> = [],
  ) {
    for (const m of members) this.register(m);
  }

  /** Adds `member`; throws if its name is taken. */
  register(member: T): this {
    if (this.members.has(member.name)) throw new Error(`${this.family} "${member.name}" is already registered`);
    this.members.set(member.name, member);
    return this;
  }

  /** The member named `name`; throws an Error listing the known names if there is none. */
  lookup(name: string): T {
    const m = this.members.get(name);
    if (!m) throw new Error(`unknown ${this.family} "${name}" (known: ${this.names().join(", ")})`);
    return m;
  }

  /** A new registry with these members and `more` (same duplicate rule). */
  with(more: Iterable<T>): Registry<T> {
    return new Registry(this.family, [...this.members.values(), ...more]);
  }

  /** Names in registration order. */
  names(): string[] {
    return [...this.members.keys()];
  }

  get size(): number {
    return this.members.size;
  }
  get(name: string): T | undefined {
    return this.members.get(name);
  }
  has(name: string): boolean {
    return this.members.has(name);
  }
  keys(): MapIterator<string> {
    return this.members.keys();
  }
  values(): MapIterator<T> {
    return this.members.values();
  }
  entries(): MapIterator<[string, T]> {
    return this.members.entries();
  }
  forEach(fn: (value: T, key: string, map: ReadonlyMap<string, T>) => void): void {
    for (const [k, v] of this.members) fn(v, k, this);
  }
  [Symbol.iterator](): MapIterator<[string, T]> {
    return this.members.entries();
  }
}
