import { nextDispatchAt, zonedTimeToEpoch } from "../context/business-hours";
import type { TBusinessCalendar } from "../context/context-schema";

const DAY_MS = 86_400_000;
/** nextDispatchAt looks this far ahead for a working day. */
const LOOKAHEAD_MS = 60 * DAY_MS;
/** Days computed at once when the schedule grows. */
const GROW_DAYS = 120;

/**
 * A calendar's dispatch windows over a span of days, computed once: the simulator asks for the
 * next dispatch of millions of orders, and `nextDispatchAt` walks the calendar with Intl on every
 * call. Windows are kept in day order; their ends (cut-offs) increase day by day.
 */
interface Schedule {
  /** UTC midnights standing for local dates (the day counter business-hours uses), inclusive. */
  firstDay: number;
  lastDay: number;
  starts: number[];
  ends: number[];
  holidays: Set<string>;
}

const schedules = new WeakMap<TBusinessCalendar, Schedule>();

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

function windowsOf(calendar: TBusinessCalendar, holidays: Set<string>, fromDay: number, toDay: number): { starts: number[]; ends: number[] } {
  const [sh, sm] = calendar.workdayStart.split(":").map(Number) as [number, number];
  const [ch, cm] = calendar.cutoffTime.split(":").map(Number) as [number, number];
  const starts: number[] = [];
  const ends: number[] = [];
  for (let day = fromDay; day <= toDay; day += DAY_MS) {
    const d = new Date(day);
    const y = d.getUTCFullYear();
    const mo = d.getUTCMonth() + 1;
    const da = d.getUTCDate();
    const isoWeekday = ((d.getUTCDay() + 6) % 7) + 1;
    if (!calendar.workingDays.includes(isoWeekday) || holidays.has(`${pad(y, 4)}-${pad(mo)}-${pad(da)}`)) continue;
    starts.push(zonedTimeToEpoch(y, mo, da, sh, sm, calendar.timeZone));
    ends.push(zonedTimeToEpoch(y, mo, da, ch, cm, calendar.timeZone));
  }
  return { starts, ends };
}

/** Makes sure the schedule covers the local dates [fromDay, toDay]. */
function cover(calendar: TBusinessCalendar, s: Schedule, fromDay: number, toDay: number): void {
  if (fromDay < s.firstDay) {
    const start = Math.min(fromDay, s.firstDay - GROW_DAYS * DAY_MS);
    const w = windowsOf(calendar, s.holidays, start, s.firstDay - DAY_MS);
    s.starts = w.starts.concat(s.starts);
    s.ends = w.ends.concat(s.ends);
    s.firstDay = start;
  }
  if (toDay > s.lastDay) {
    const end = Math.max(toDay, s.lastDay + GROW_DAYS * DAY_MS);
    const w = windowsOf(calendar, s.holidays, s.lastDay + DAY_MS, end);
    s.starts = s.starts.concat(w.starts);
    s.ends = s.ends.concat(w.ends);
    s.lastDay = end;
  }
}

/**
 * Same answer as `nextDispatchAt(calendar, fromMs)` — the cut-off of the first working day whose
 * cut-off is still ahead, looking 60 days ahead — from a schedule computed once per calendar
 * object and searched in O(log n). Treat calendars as immutable once used here.
 */
export function nextDispatchCached(calendar: TBusinessCalendar, fromMs: number): number | null {
  if (!Number.isFinite(fromMs)) return nextDispatchAt(calendar, fromMs);
  // A local date is within a day of the UTC date; two days of margin each side.
  const fromDay = Math.floor(fromMs / DAY_MS) * DAY_MS - 2 * DAY_MS;
  const toDay = Math.floor((fromMs + LOOKAHEAD_MS) / DAY_MS) * DAY_MS + 2 * DAY_MS;
  let s = schedules.get(calendar);
  if (!s) {
    s = { firstDay: fromDay, lastDay: fromDay - DAY_MS, starts: [], ends: [], holidays: new Set(calendar.holidays) };
    schedules.set(calendar, s);
  }
  if (fromDay < s.firstDay || toDay > s.lastDay) cover(calendar, s, fromDay, toDay);
  const ends = s.ends;
  // The first window whose cut-off is not before `fromMs`; earlier local dates end before it.
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ends[mid]! < fromMs) lo = mid + 1;
    else hi = mid;
  }
  if (lo === ends.length || s.starts[lo]! > fromMs + LOOKAHEAD_MS) return null;
  return ends[lo]!;
}
