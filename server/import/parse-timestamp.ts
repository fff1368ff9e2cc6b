/**
 * Timestamp readers for the export formats. Every reader returns an ISO-8601 UTC string
 * (`2024-03-05T19:22:10Z`) or null when the text is not a valid date-time in its format.
 */

/** Formats epoch milliseconds as ISO-8601 UTC, without milliseconds when they are zero. */
export function formatIsoUtc(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith(".000Z") ? `${iso.slice(0, -5)}Z` : iso;
}

function validParts(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?\s*(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * An ISO-8601 date-time with an offset (`2024-03-05T14:22:10-05:00`, `...Z`), or Shopify's CSV form
 * `2024-03-05 14:22:10 -0500`. A timestamp without an offset is rejected: its instant is unknown.
 */
export function parseOffsetTimestamp(text: string): string | null {
  const m = ISO_WITH_OFFSET.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = [1, 2, 3, 4, 5].map((i) => Number(m[i]));
  const s = m[6] === undefined ? 0 : Number(m[6]);
  if (!validParts(y!, mo!, d!, h!, mi!, s)) return null;
  const fraction = m[7] ? Math.round(Number(m[7]) * 1000) : 0;
  let offsetMinutes = 0;
  const zone = m[8]!.toUpperCase();
  if (zone !== "Z") {
    const digits = zone.replace(":", "");
    const oh = Number(digits.slice(1, 3));
    const om = Number(digits.slice(3, 5));
    if (oh > 18 || om > 59) return null;
    offsetMinutes = (digits[0] === "-" ? -1 : 1) * (oh * 60 + om);
  }
  return formatIsoUtc(Date.UTC(y!, mo! - 1, d!, h!, mi!, s) + fraction - offsetMinutes * 60_000);
}

/** UTC offset of `timeZone` at the instant `ms`, in milliseconds. */
function zoneOffsetMs(ms: number, timeZone: string, format: Intl.DateTimeFormat): number {
  const parts: Record<string, number> = {};
  for (const p of format.formatToParts(new Date(ms))) if (p.type !== "literal") parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour! % 24, parts.minute!, parts.second!);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** Throws a RangeError naming the option when `timeZone` is not an IANA zone this runtime knows. */
export function assertTimeZone(timeZone: string): void {
  try {
    formatFor(timeZone);
  } catch {
    throw new RangeError(`timeZone "${timeZone}" is not a known IANA time zone (e.g. "America/Los_Angeles")`);
  }
}

/**
 * Epoch ms of a wall-clock time in `timeZone`. A time repeated by a DST change is its first
 * occurrence; a time skipped by one is read with the offset in force after the change.
 */
export function zonedWallTimeToMs(y: number, mo: number, d: number, h: number, mi: number, s: number, timeZone: string): number {
  const format = formatFor(timeZone);
  const guess = Date.UTC(y, mo - 1, d, h, mi, s);
  const first = guess - zoneOffsetMs(guess, timeZone, format);
  return guess - zoneOffsetMs(first, timeZone, format);
}

const US_DATE_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?$/i;

/**
 * A US-style local date-time from TikTok Seller Center exports, `11/05/2024 10:22:31 AM`
 * (month first; 12-hour with AM/PM, or 24-hour without), read as wall-clock time in `timeZone`.
 */
export function parseUsLocalDateTime(text: string, timeZone: string): string | null {
  const m = US_DATE_TIME.exec(text.trim());
  if (!m) return null;
  const mo = Number(m[1]);
  const d = Number(m[2]);
  const y = Number(m[3]);
  let h = Number(m[4]);
  const mi = Number(m[5]);
  const s = m[6] === undefined ? 0 : Number(m[6]);
  const meridiem = m[7]?.toUpperCase();
  if (meridiem) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (meridiem === "PM" ? 12 : 0);
  }
  if (!validParts(y, mo, d, h, mi, s)) return null;
  return formatIsoUtc(zonedWallTimeToMs(y, mo, d, h, mi, s, timeZone));
}

/** Unix seconds (number or numeric string, as TikTok's API sends them); 0 and negatives are "not set". */
export function parseUnixSeconds(value: unknown): string | null {
  const n = typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n <= 0 || n > 32_503_680_000) return null;
  return formatIsoUtc(n * 1000);
}
