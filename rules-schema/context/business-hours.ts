import type { TBusinessCalendar } from "./context-schema";

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** Wall-clock parts read from Intl: exact, and slow (~2 µs a call). */
function intlParts(epochMs: number, timeZone: string): LocalParts {
  const parts = formatterFor(timeZone).formatToParts(new Date(epochMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get("year"), month: get("month"), day: get("day"), hour: get("hour"), minute: get("minute"), second: get("second") };
}

function intlOffsetMs(epochMs: number, timeZone: string): number {
  const p = intlParts(epochMs, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/**
 * Zone offsets by 15-minute bucket. Offsets change only at transitions, which fall on whole quarter
 * hours of UTC in every zone of the modern tz database; a bucket whose start and end offsets differ
 * (it holds a transition) is never cached, so every answer is Intl's. Replaying a million orders asks
 * for the same few thousand buckets over and over.
 */
const BUCKET_MS = 15 * 60_000;
const offsetBuckets = new Map<string, Map<number, number>>();

/** Offset of `timeZone` from UTC at `epochMs`, in ms (positive east of Greenwich). */
function zoneOffsetMs(epochMs: number, timeZone: string): number {
  let buckets = offsetBuckets.get(timeZone);
  if (!buckets) {
    buckets = new Map();
    offsetBuckets.set(timeZone, buckets);
  }
  const bucket = Math.floor(epochMs / BUCKET_MS);
  const cached = buckets.get(bucket);
  if (cached !== undefined) return cached;
  const start = intlOffsetMs(bucket * BUCKET_MS, timeZone);
  const end = intlOffsetMs(bucket * BUCKET_MS + BUCKET_MS - 1000, timeZone);
  if (start !== end) return intlOffsetMs(epochMs, timeZone);
  if (buckets.size > 200_000) buckets.clear();
  buckets.set(bucket, start);
  return start;
}

function localParts(epochMs: number, timeZone: string): LocalParts {
  const d = new Date(epochMs + zoneOffsetMs(epochMs, timeZone));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() };
}

/** Test hooks: wall-clock parts straight from Intl and through the offset cache. */
export const _intlPartsForTests = intlParts;
export const _localPartsForTests = localParts;

/** The UTC instant of a local wall-clock time in `timeZone`. */
export function zonedTimeToEpoch(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): number {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  const first = guess - zoneOffsetMs(guess, timeZone);
  const second = guess - zoneOffsetMs(first, timeZone);
  return second;
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function parseClock(hhmm: string): [number, number] {
  const [h, m] = hhmm.split(":");
  return [Number(h), Number(m)];
}

interface WorkWindow {
  start: number;
  end: number;
}

/** Working windows [workdayStart, cutoff] of each working, non-holiday local day touching [fromMs, toMs]. */
function workWindows(calendar: TBusinessCalendar, fromMs: number, toMs: number, maxDays = 400): WorkWindow[] {
  const windows: WorkWindow[] = [];
  const [sh, sm] = parseClock(calendar.workdayStart);
  const [ch, cm] = parseClock(calendar.cutoffTime);
  const holidays = new Set(calendar.holidays);
  const first = localParts(fromMs, calendar.timeZone);
  // Walk local calendar days using a UTC date as a day counter (no DST involved in the counter).
  let dayCursor = Date.UTC(first.year, first.month - 1, first.day);
  for (let i = 0; i < maxDays; i++, dayCursor += DAY_MS) {
    const d = new Date(dayCursor);
    const y = d.getUTCFullYear();
    const mo = d.getUTCMonth() + 1;
    const da = d.getUTCDate();
    const start = zonedTimeToEpoch(y, mo, da, sh, sm, calendar.timeZone);
    if (start > toMs) break;
    const isoWeekday = ((d.getUTCDay() + 6) % 7) + 1;
    if (!calendar.workingDays.includes(isoWeekday) || holidays.has(isoDate(y, mo, da))) continue;
    const end = zonedTimeToEpoch(y, mo, da, ch, cm, calendar.timeZone);
    windows.push({ start, end });
  }
  return windows;
}

/**
 * Business hours between two instants: the overlap with the warehouse's working windows.
 * Negative when `toMs` is before `fromMs` (the deadline has passed).
 */
export function businessHoursBetween(calendar: TBusinessCalendar, fromMs: number, toMs: number): number {
  if (toMs < fromMs) return -businessHoursBetween(calendar, toMs, fromMs);
  let total = 0;
  for (const w of workWindows(calendar, fromMs, toMs)) {
    const s = Math.max(w.start, fromMs);
    const e = Math.min(w.end, toMs);
    if (e > s) total += e - s;
  }
  return Math.round((total / HOUR_MS) * 100) / 100;
}

/** The next moment a parcel can leave: the cut-off of the first working day whose cut-off is still ahead. */
export function nextDispatchAt(calendar: TBusinessCalendar, fromMs: number): number | null {
  for (const w of workWindows(calendar, fromMs, fromMs + 60 * DAY_MS)) {
    if (w.end >= fromMs) return w.end;
  }
  return null;
}
