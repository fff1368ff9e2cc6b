import type { FormError } from "@/lib/trpc-errors";

/** Field errors as the forms look them up: keys without the `fields.` prefix of update inputs. */
export type FieldErrors = Record<string, string[]>;

const normalize = (key: string) => key.replace(/^fields\./, "");

/** The server's field errors (from `formErrorOf`) merged with errors found in the browser before sending. */
export function mergeFieldErrors(err: FormError | null, local: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [k, v] of Object.entries(err?.fieldErrors ?? {})) (out[normalize(k)] ??= []).push(...v);
  for (const [k, v] of Object.entries(local)) (out[normalize(k)] ??= []).push(...v);
  return out;
}

/** Messages for exactly `path`. */
export function errorAt(errors: FieldErrors, path: string): string[] | undefined {
  const v = errors[path];
  return v && v.length ? v : undefined;
}

/** Messages for `path` and everything below it (`rateCard.zones.0` also gets `rateCard.zones.0.countries.1`). */
export function errorsUnder(errors: FieldErrors, path: string): string[] | undefined {
  const out: string[] = [];
  for (const [k, v] of Object.entries(errors)) if (k === path || k.startsWith(`${path}.`)) out.push(...v);
  return out.length ? out : undefined;
}

/** Errors no field of the form shows (e.g. `id` when a delete is refused): they go in the banner. */
export function unclaimedErrors(errors: FieldErrors, claimed: readonly string[]): { key: string; messages: string[] }[] {
  return Object.entries(errors)
    .filter(([k]) => !claimed.some((c) => k === c || k.startsWith(`${c}.`)))
    .map(([key, messages]) => ({ key, messages }));
}

/**
 * Drops the errors of fields edited since the last save attempt: once the user changes a value, the
 * server's complaint about the old value no longer applies (`stale` holds paths; a path covers its children, one ending in `$` only itself).
 */
export function withoutStale(errors: FieldErrors, stale: ReadonlySet<string>): FieldErrors {
  if (stale.size === 0) return errors;
  const out: FieldErrors = {};
  for (const [k, v] of Object.entries(errors)) {
    let isStale = false;
    for (const p of stale) if (p.endsWith("$") ? k === p.slice(0, -1) : k === p || k.startsWith(`${p}.`)) isStale = true;
    if (!isStale) out[k] = v;
  }
  return out;
}
