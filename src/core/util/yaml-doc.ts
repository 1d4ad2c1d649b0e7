/**
 * A YAML file parsed with positions, so validation errors can say `file:line:col: field.path: problem`.
 */
import { readFile } from "node:fs/promises";
import { LineCounter, parseAllDocuments, isNode, type Document } from "yaml";
import { InputError } from "../errors.js";

export type FieldPath = readonly (string | number)[];

export class YamlSource {
  constructor(
    readonly file: string,
    readonly docs: Document.Parsed[],
    private readonly lines: LineCounter,
  ) {}

  /** Position of the node at `path` in document `doc` (falls back to the nearest existing parent). */
  position(path: FieldPath, doc = 0): { line: number; col: number } {
    const d = this.docs[doc];
    if (!d) return { line: 1, col: 1 };
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? d.contents : d.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return this.lines.linePos(node.range[0]);
    }
    return { line: 1, col: 1 };
  }

  /** An InputError pointing at `path`. */
  error(path: FieldPath, problem: string, doc = 0): InputError {
    const { line, col } = this.position(path, doc);
    const field = formatPath(path);
    return new InputError(`${this.file}:${line}:${col}: ${field ? `${field}: ` : ""}${problem}`);
  }
}

export function formatPath(path: FieldPath): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

/** Parses YAML text; syntax errors become a one-line InputError with position. */
export function parseYaml(text: string, file: string): YamlSource {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [];
  for (const d of list) {
    const e = d.errors[0];
    if (e) {
      const pos = e.linePos?.[0] ?? { line: 1, col: 1 };
      throw new InputError(`${file}:${pos.line}:${pos.col}: invalid YAML: ${e.message.split("\n")[0]!.replace(/ at line \d+, column \d+.*$/, "")}`);
    }
  }
  return new YamlSource(file, list.filter((d) => d.contents !== null), lines);
}

export async function loadYaml(file: string): Promise<YamlSource> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new InputError(`${file}: cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return parseYaml(text, file);
}
