/** A typed array copied into a longer one of `length` elements (the rest zero): typed arrays cannot grow in place. */
export function grown<T extends Float64Array | Int32Array | Uint8Array>(a: T, length: number): T {
  const b = new (a.constructor as new (length: number) => T)(length);
  b.set(a);
  return b;
}
