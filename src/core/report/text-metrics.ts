/**
 * Text widths for chart layout. Without node-canvas, vega estimates every character as 0.8 em wide,
 * which pushes axes and legends apart; instead we give it the advance widths of DejaVu Sans (the
 * font resvg draws the PNGs with), read once from DejaVuSans.ttf's hmtx table, in 1/1000 em.
 */
import * as vega from "vega";

/** Advance widths of DejaVu Sans for U+0020..U+007E, in 1/1000 em. */
const ASCII = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337,
  838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989,
  685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521,
  392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
];
const OTHER: Record<string, number> = { "±": 838, "µ": 636, "–": 500, "—": 1000, "…": 1000, "−": 838, "×": 838, "≤": 838, "≥": 838, "°": 500 };
/** Anything else (accents, CJK): a wide guess, so labels are never squeezed. */
const FALLBACK = 700;

/** Width in px of `text` set in DejaVu Sans at `fontSize` px (regular weight). */
export function textWidth(text: string, fontSize: number): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    w += c >= 32 && c < 127 ? ASCII[c - 32]! : (OTHER[ch] ?? FALLBACK);
  }
  return (w * fontSize) / 1000;
}

interface TextItem {
  fontSize?: number;
  fontWeight?: string | number;
  text?: unknown;
}
interface TextMetrics {
  width(item: TextItem, text: unknown): number;
}

let installed = false;
/** Makes vega measure text with DejaVu Sans widths (bold text ~8 % wider). Idempotent. */
export function installTextMetrics(): void {
  if (installed) return;
  const tm = (vega as unknown as { textMetrics: TextMetrics }).textMetrics;
  tm.width = (item, text) => {
    const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
    const s = text == null ? "" : String(text).trim();
    const bold = item.fontWeight === "bold" || Number(item.fontWeight) >= 600;
    return textWidth(s, size) * (bold ? 1.08 : 1);
  };
  installed = true;
}
