/** Whether a plain object (labels, a node selector) has any own key, without listing them (no array per call). */
export function hasKeys(o: Readonly<Record<string, string>> | undefined): boolean {
  if (o) for (const _ in o) return true;
  return false;
}
