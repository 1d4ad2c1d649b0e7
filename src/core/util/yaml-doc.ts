/**
 * A YAML file parsed with positions, so validation errors can say `file:line:col: field.path: problem`.
 */
import { LineCounter, parseAllDocuments, isNode, visit, type Document } from "yaml";
import { InputError } from "../errors.js";
import { readTextFile } from "./input-file.js";

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
