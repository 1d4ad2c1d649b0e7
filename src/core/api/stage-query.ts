/**
 * The jq subset KWOK's stock Stage files use for selector keys and `expressionFrom`: a path of `.field`,
 * `["key"]` and `.[]` steps, optionally piped through `select( .field == "value" )` and a further path —
 * e.g. `.metadata.labels["app"]`, `.metadata.ownerReferences.[].kind`,
 * `.status.conditions.[] | select( .type == "Ready" ) | .status`. A query yields a list of values (jq's
 * output stream); a missing field yields nothing. Anything else is refused when the Stage is read.
 */

type Step = { kind: "field"; name: string } | { kind: "each" };
type Segment = { kind: "path"; steps: Step[] } | { kind: "select"; steps: Step[]; equals: string };

export class StageQueryError extends Error {}

export class StageQuery {
  private constructor(
    readonly text: string,
    private readonly segments: readonly Segment[],
  ) {}

  static parse(text: string): StageQuery {
    const parts = text.split("|").map((p) => p.trim());
    const segments = parts.map((p, i): Segment => {
      const sel = /^select\(\s*(.+?)\s*==\s*"((?:[^"\\]|\\.)*)"\s*\)$/.exec(p);
      if (sel) {
        if (i === 0) throw new StageQueryError(`${JSON.stringify(text)}: select( … ) needs a path before it`);
        return { kind: "select", steps: parsePath(sel[1]!, text), equals: JSON.parse(`"${sel[2]!}"`) as string };
      }
      return { kind: "path", steps: parsePath(p, text) };
    });
    return new StageQuery(text, segments);
  }

  /** The values the query yields on `obj` (undefined fields yield nothing). */
  run(obj: unknown): unknown[] {
    let values: unknown[] = [obj];
    for (const seg of this.segments) {
      if (seg.kind === "path") values = values.flatMap((v) => walk(v, seg.steps));
      else values = values.filter((v) => walk(v, seg.steps).some((x) => x === seg.equals));
    }
    return values.filter((v) => v !== undefined);
  }
}

function parsePath(p: string, text: string): Step[] {
  if (!p.startsWith(".")) throw new StageQueryError(`${JSON.stringify(text)}: a path starts with "."`);
  const steps: Step[] = [];
  const re = /\.?(?:\[\]|\["((?:[^"\\]|\\.)*)"\]|([A-Za-z_][A-Za-z0-9_]*))/y;
  let at = 0;
  if (p === ".") return steps;
  while (at < p.length) {
    re.lastIndex = at;
    const m = re.exec(p);
    if (!m || m[0] === "" || m[0] === ".") throw new StageQueryError(`${JSON.stringify(text)}: unsupported at ${JSON.stringify(p.slice(at))} (supported: .field, ["key"], .[], | select( .field == "value" ))`);
    if (m[1] !== undefined) steps.push({ kind: "field", name: JSON.parse(`"${m[1]}"`) as string });
    else if (m[2] !== undefined) steps.push({ kind: "field", name: m[2] });
    else steps.push({ kind: "each" });
    at = re.lastIndex;
  }
  return steps;
}

function walk(v: unknown, steps: readonly Step[]): unknown[] {
  let cur: unknown[] = [v];
  for (const s of steps) {
    const next: unknown[] = [];
    for (const c of cur) {
      if (c === null || c === undefined) continue;
      if (s.kind === "each") {
        if (Array.isArray(c)) next.push(...c);
        else if (typeof c === "object") next.push(...Object.values(c as Record<string, unknown>));
      } else if (typeof c === "object" && !Array.isArray(c)) {
        next.push((c as Record<string, unknown>)[s.name]);
      }
    }
    cur = next;
  }
  return cur;
}
