/**
 * One line naming where a value is wrong: `file[:location]: field.path: message`
 * (e.g. `orders.ndjson:3: lines.0.quantity: Too small: expected number to be >=1`).
 */
export function formatIssue(file: string, path: readonly PropertyKey[] | string, message: string, location?: string | number): string {
  const field = typeof path === "string" ? path : path.map(String).join(".");
  return `${file}${location === undefined ? "" : `:${location}`}: ${field ? `${field}: ` : ""}${message}`;
}
