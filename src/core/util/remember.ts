/** `fn` with its results remembered by argument (for pure, costly functions called again and again, e.g. hashing names on every sync); the memory is dropped once it holds `max` entries. */
export function remember<T>(fn: (key: string) => T, max = 1 << 20): (key: string) => T {
  const seen = new Map<string, T>();
  return (key) => {
    let v = seen.get(key);
    if (v === undefined) {
      if (seen.size >= max) seen.clear();
      v = fn(key);
      seen.set(key, v);
    }
    return v;
  };
}
