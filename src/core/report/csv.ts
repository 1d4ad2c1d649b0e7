/** Small CSV helpers for the report: read a file into records, write fields and numbers. */
import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { csvField } from "../util/csv-field.js";

export { csvField };

/** Rows of a CSV file with a header, as string records. */
export async function readCsv(file: string): Promise<Record<string, string>[]> {
  const text = await readFile(file, "utf8");
  return parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
}

export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(",");
}

/** A number for CSV: 12 significant digits (no float noise), empty for NaN/±Infinity. */
export function fmtNum(x: number): string {
  if (!Number.isFinite(x)) return "";
  return String(Number(x.toPrecision(12)));
}

/** A numeric CSV field, or undefined when empty or not a number. */
export function num(s: string | undefined): number | undefined {
  if (s === undefined || s.trim() === "") return undefined;
  const v = Number(s);
  return Number.isFinite(v) ? v : undefined;
}
