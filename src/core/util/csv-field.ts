/** One CSV field as RFC 4180 writes it: quoted (with doubled quotes) when it holds a quote, comma or line break. */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? quoted(s) : s;
}

/** The field quoted, whatever it holds. */
export function quoted(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}
