/**
 * Where to go after signing in: only a path on this site. Anything a browser could read as another
 * origin — `//evil`, `/\evil` (browsers treat `\` as `/`), `https://…`, control characters, encoded
 * slashes that a later decode turns into `//` — falls back to `fallback`.
 */
export function sameOriginPath(next: string | null | undefined, fallback: string): string {
  if (typeof next !== "string" || next === "" || next.length > 2_000) return fallback;
  if (!next.startsWith("/") || next.startsWith("//")) return fallback;
  // Backslashes, control characters and whitespace have no place in our paths; browsers normalise some of them into "//".
  if (/[\\\u0000-\u001f\u007f\s]/.test(next)) return fallback;
  if (/^\/(%2f|%5c)/i.test(next)) return fallback;
  const base = "http://switchyard.invalid";
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
