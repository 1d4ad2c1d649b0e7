/**
 * Reading a plugin's JSON configuration as Go's encoding/json fills a struct: keys match
 * case-insensitively (an exact match first), null reads as absent, and a value of the wrong type fails
 * with Go's message naming the struct field. The simulated plugins share these so their errors read
 * like the reference plugins'.
 */
export type Obj = Readonly<Record<string, unknown>>;

export function field(o: Obj, key: string): unknown {
  if (key in o) return o[key] ?? undefined;
  const lower = key.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return o[k] ?? undefined;
  return undefined;
}

const jsonType = (v: unknown) => (Array.isArray(v) ? "array" : v === null ? "null" : typeof v === "object" ? "object" : typeof v);

export function typeError(v: unknown, path: string, goType: string): Error {
  return new Error(`json: cannot unmarshal ${jsonType(v)} into Go struct field ${path} of type ${goType}`);
}

export function str(o: Obj, key: string, path: string, fallback = ""): string {
  const v = field(o, key);
  if (v === undefined) return fallback;
  if (typeof v !== "string") throw typeError(v, `${path}.${key}`, "string");
  return v;
}

export function bool(o: Obj, key: string, path: string, fallback = false): boolean {
  const v = field(o, key);
  if (v === undefined) return fallback;
  if (typeof v !== "boolean") throw typeError(v, `${path}.${key}`, "bool");
  return v;
}

/** An integer field (Go int/uint64): a JSON number without a fraction; `min` 0 for unsigned fields. */
export function int(o: Obj, key: string, path: string, fallback = 0, min = -(2 ** 53)): number {
  const v = field(o, key);
  if (v === undefined) return fallback;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) throw typeError(v, `${path}.${key}`, min >= 0 ? "uint64" : "int");
  return v;
}

export function obj(v: unknown, path: string, goType: string): Obj | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw typeError(v, path, goType);
  return v as Obj;
}

export function list(v: unknown, path: string, goType: string): readonly unknown[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw typeError(v, path, goType);
  return v;
}
