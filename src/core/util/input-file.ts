/**
 * Input files named by the user: one-line InputErrors for a missing file, a folder where a file is
 * expected, and a file that is binary or not UTF-8 (rather than echoing its bytes in a parse error).
 */
import { readFileSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { InputError } from "../errors.js";

/** Why `path` cannot be read as an input file ("file not found", "is a folder, not a file"), or null. */
export function inputFileProblem(path: string): string | null {
  try {
    return statSync(path).isDirectory() ? "is a folder, not a file" : null;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === "ENOENT" || code === "ENOTDIR" ? "file not found" : `cannot read (${code ?? String(e)})`;
  }
}

/** A text input file's content (UTF-8). */
export async function readTextFile(file: string): Promise<string> {
  try {
    return decodeText(await readFile(file), file);
  } catch (e) {
    throw readError(e, file);
  }
}

/** readTextFile, synchronously (for decoders that are synchronous). */
export function readTextFileSync(file: string): string {
  try {
    return decodeText(readFileSync(file), file);
  } catch (e) {
    throw readError(e, file);
  }
}

/** UTF-8 text of a buffer, or a one-line InputError naming the file as binary or not UTF-8. */
export function decodeText(buf: Buffer, file: string): string {
  if (buf.subarray(0, 8192).includes(0)) throw new InputError(`${file}: is a binary file, not text`);
  try {
    return UTF8.decode(buf);
  } catch {
    throw new InputError(`${file}: is not UTF-8 text`);
  }
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

function readError(e: unknown, file: string): Error {
  if (e instanceof InputError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "EISDIR") return new InputError(`${file}: is a folder, not a file`);
  if (code === "ENOENT") return new InputError(`${file}: file not found`);
  return new InputError(`${file}: cannot read file (${code ?? String(e)})`);
}
