import "server-only";
import type { ImportFormatOption } from "@/components/app/imports-screen";
import { IMPORT_FORMATS } from "@/server/import/import-formats";

/**
 * The import formats as the upload form shows them (without their parsers, which stay on the server).
 * Only the TikTok Seller Center CSV needs the merchant's time zone (local times without an offset) and
 * usually a currency (bare amounts); for the other formats both are read from the file.
 */
export function importFormatOptions(): ImportFormatOption[] {
  return IMPORT_FORMATS.map((f) => ({
    id: f.id,
    label: f.label,
    extensions: [...f.extensions],
    platform: f.platform,
    needsTimeZone: f.id === "tiktok-csv",
    needsCurrency: f.id === "tiktok-csv",
  }));
}
