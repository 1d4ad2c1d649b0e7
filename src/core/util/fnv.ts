/** FNV-1 (32-bit) of a string's UTF-8 bytes, as Go's hash/fnv New32: a cheap, stable string hash. */
export function fnv1_32(text: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(text, "utf8")) h = (Math.imul(h, 0x01000193) ^ b) >>> 0;
  return h >>> 0;
}

/** FNV-1a (32-bit) of a string's UTF-8 bytes, as Go's hash/fnv New32a. */
export function fnv1a_32(text: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(text, "utf8")) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h >>> 0;
}
