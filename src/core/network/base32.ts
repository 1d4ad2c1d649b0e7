/** RFC 4648 base32 (standard alphabet), as Go's base32.StdEncoding: kube-proxy names its chains with it. */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** The first `chars` characters of the base32 encoding of `bytes` (the last group zero-padded). */
export function base32Prefix(bytes: Uint8Array, chars: number): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < bytes.length && out.length < chars; i++) {
    buffer = ((buffer << 8) | bytes[i]!) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < chars) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0 && out.length < chars) out += ALPHABET[(buffer << (5 - bits)) & 31]; // last group, zero-padded
  return out;
}

