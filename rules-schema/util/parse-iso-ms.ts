const DIGIT0 = 48;

function num(s: string, from: number, len: number): number {
  let n = 0;
  for (let i = from; i < from + len; i++) {
    const d = s.charCodeAt(i) - DIGIT0;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return n;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * Epoch milliseconds of an ISO-8601 timestamp `YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM)`, several times
 * faster than Date.parse on the hot path. Anything else falls back to Date.parse.
 */
export function parseIsoMs(s: string): number {
  const len = s.length;
  if (len < 17 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || (s.charCodeAt(10) !== 84 && s.charCodeAt(10) !== 116) || s.charCodeAt(13) !== 58)
    return Date.parse(s);
  const y = num(s, 0, 4);
  const mo = num(s, 5, 2);
  const d = num(s, 8, 2);
  const h = num(s, 11, 2);
  const mi = num(s, 14, 2);
  let i = 16;
  let sec = 0;
  let ms = 0;
  if (s.charCodeAt(i) === 58) {
    sec = num(s, i + 1, 2);
    i += 3;
    if (s.charCodeAt(i) === 46) {
      let j = i + 1;
      let frac = 0;
      let scale = 100;
      while (j < len) {
        const c = s.charCodeAt(j) - DIGIT0;
        if (c < 0 || c > 9) break;
        frac += c * scale;
        scale /= 10;
        j++;
      }
      ms = Math.floor(frac);
      i = j;
    }
  }
  let offsetMin = 0;
  const z = s.charCodeAt(i);
  if (z === 90 || z === 122) {
    if (i + 1 !== len) return Date.parse(s);
  } else if ((z === 43 || z === 45) && i + 6 === len && s.charCodeAt(i + 3) === 58) {
    offsetMin = (num(s, i + 1, 2) * 60 + num(s, i + 4, 2)) * (z === 45 ? -1 : 1);
  } else {
    return Date.parse(s);
  }
  if (!(mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && sec <= 59)) return Date.parse(s);
  const out = ((daysFromCivil(y, mo, d) * 24 + h) * 60 + mi - offsetMin) * 60_000 + sec * 1000 + ms;
  return Number.isNaN(out) ? Date.parse(s) : out;
}
