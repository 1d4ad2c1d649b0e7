/**
 * A YAML file parsed with positions, so validation errors can say `file:line:col: field.path: problem`.
 */
import { LineCounter, parseAllDocuments, isMap, isNode, isScalar, visit, type Document } from "yaml";
import { InputError } from "../errors.js";
import { readTextFile } from "./input-file.js";

export type FieldPath = readonly (string | number)[];

export class YamlSource {
  constructor(
    readonly file: string,
    readonly docs: Document.Parsed[],
    private readonly lines: LineCounter,
  ) {}

  /** Position of the node at `path` in document `doc` (see nodePosition). */
  position(path: FieldPath, doc = 0, at: "value" | "key" = "value"): { line: number; col: number } {
    const d = this.docs[doc];
    return d ? nodePosition(d, this.lines, path, at) : { line: 1, col: 1 };
  }

  /** An InputError pointing at `path` (at its key when the field itself is unknown). */
  error(path: FieldPath, problem: string, doc = 0): InputError {
    const { line, col } = this.position(path, doc, positionFor(problem));
    const field = formatPath(path);
    return new InputError(`${this.file}:${line}:${col}: ${field ? `${field}: ` : ""}${problem}`);
  }
}

/** An unknown field is wrong as a whole, so its error points at the key; any other problem at the value. */
export function positionFor(problem: string): "value" | "key" {
  return problem.startsWith("unknown field") ? "key" : "value";
}

/**
 * Line and column of the node at `path` in `d` (of the mapping key naming it when `at` is "key"), or of its
 * nearest existing parent when the path goes further than the document does.
 */
export function nodePosition(d: Document.Parsed, lines: LineCounter, path: FieldPath, at: "value" | "key" = "value"): { line: number; col: number } {
  const nodeAt = (p: FieldPath): unknown => {
    try {
      return p.length === 0 ? d.contents : d.getIn(p, true);
    } catch {
      return undefined; // a path running through a scalar
    }
  };
  if (at === "key" && path.length > 0) {
    const parent = nodeAt(path.slice(0, -1));
    const last = String(path[path.length - 1]);
    if (isMap(parent)) {
      for (const pair of parent.items) {
        if (isScalar(pair.key) && String(pair.key.value) === last && pair.key.range) return lines.linePos(pair.key.range[0]);
      }
    }
  }
  for (let n = path.length; n >= 0; n--) {
    const node = nodeAt(path.slice(0, n));
    if (isNode(node) && node.range) return lines.linePos(node.range[0]);
  }
  return d.range ? lines.linePos(d.range[0]) : { line: 1, col: 1 };
}

export function formatPath(path: FieldPath): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

/** Parses YAML text; syntax errors become a one-line InputError with the parser's line and column. */
export function parseYaml(text: string, file: string): YamlSource {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [];
  throwFirstSyntaxError(list, lines, file, (msg) => new InputError(msg));
  return new YamlSource(file, list.filter((d) => d.contents !== null), lines);
}

/**
 * The first syntax error of parsed documents as `file:line:col: invalid YAML: …` (the one way every
 * YAML reader of the project reports them; `make` picks the error class).
 */
export function throwFirstSyntaxError(docs: readonly Document.Parsed[], lines: LineCounter, file: string, make: (msg: string, line: number, col: number) => Error): void {
  for (const d of docs) {
    const e = d.errors[0];
    if (!e) continue;
    const { line, col } = lines.linePos(e.pos[0]);
    const what = e.message.split("\n")[0]!.replace(/ at line \d+, column \d+.*$/, "");
    throw make(`${file}:${line}:${col}: invalid YAML: ${what}`, line, col);
  }
  // An alias to an anchor that is not defined (before it) fails only when the document is converted,
  // without a position: find it here.
  for (const d of docs) {
    visit(d, {
      Alias(_key, node) {
        if (node.resolve(d) !== undefined || !node.range) return;
        const { line, col } = lines.linePos(node.range[0]);
        throw make(`${file}:${line}:${col}: invalid YAML: unresolved alias *${node.source} (the anchor must be set before the alias)`, line, col);
      },
    });
  }
}

/** Reads a YAML file (see readTextFile) and parses it. */
export async function loadYaml(file: string): Promise<YamlSource> {
  return parseYaml(await readTextFile(file), file);
}
