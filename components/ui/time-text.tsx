"use client";

const DATE_TIME = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
const DATE = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric" });
const RELATIVE = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 30],
  ["month", 12],
  ["year", Infinity],
];

export const formatDateTime = (d: Date) => DATE_TIME.format(d);
export const formatDate = (d: Date) => DATE.format(d);

/** "3 minutes ago", "in 6 days". */
export function formatRelative(d: Date, now = Date.now()): string {
  let delta = (d.getTime() - now) / 1000;
  if (Math.abs(delta) < 45) return "just now";
  for (const [unit, size] of STEPS) {
    if (Math.abs(delta) < size) return RELATIVE.format(Math.round(delta), unit);
    delta /= size;
  }
  return RELATIVE.format(Math.round(delta), "year");
}

/** A time shown relative ("2 hours ago") or as a date, with the exact time on hover. */
export function TimeText({ value, mode = "relative", empty = "—" }: { value: Date | null | undefined; mode?: "relative" | "date" | "datetime"; empty?: string }) {
  if (!value) return <span className="muted">{empty}</span>;
  const text = mode === "relative" ? formatRelative(value) : mode === "date" ? formatDate(value) : formatDateTime(value);
  return (
    <time dateTime={value.toISOString()} title={formatDateTime(value)}>
      {text}
    </time>
  );
}
