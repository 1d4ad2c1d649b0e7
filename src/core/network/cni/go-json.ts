/**
 * JSON as the reference CNI library prints it: `json.MarshalIndent(v, "", "    ")` for results and errors
 * (no trailing newline) and `json.Encoder` for VERSION (compact, one newline). Go escapes <, > and & (and
 * U+2028/U+2029) inside strings; JSON.stringify does not, so they are escaped here. Key order is the
 * object's, which callers build in Go's struct field order.
 */
const GO_ESCAPED = /[<>&\u2028\u2029]/g;

function escapeLikeGo(text: string): string {
  return text.replace(GO_ESCAPED, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export function goIndentJSON(value: unknown): string {
  return escapeLikeGo(JSON.stringify(value, null, 4));
}

export function goCompactJSON(value: unknown): string {
  return `${escapeLikeGo(JSON.stringify(value))}\n`;
}

/** Go's %q of a string slice: ["a" "b"]. */
export function goQuoteList(items: readonly string[]): string {
  return `[${items.map((s) => JSON.stringify(s)).join(" ")}]`;
}
