/**
 * Validation messages for people, for every zod schema in the app (rules core, server, screens,
 * CLI): "Enter a number", "Must be at least 2", "Choose one of: hold, flag" instead of zod's
 * "Invalid input: expected number, received null" or "Too small: expected number to be >=2".
 * Messages a schema sets itself ("pick a warehouse") win. Installed once by importing this module
 * (the order and graph schemas do, so whatever uses a schema has it).
 */
import { z } from "zod";
import type { $ZodRawIssue } from "zod/v4/core";

type Issue = $ZodRawIssue;

const number = (n: unknown) => (typeof n === "bigint" || typeof n === "number" ? Number(n).toLocaleString("en-US") : String(n));
const TYPE_WORDS: Record<string, string> = {
  number: "Enter a number",
  int: "Enter a whole number",
  string: "Enter a text",
  boolean: "Choose yes or no",
  array: "Enter a list",
  object: "Expected a JSON object ({…})",
  date: "Enter a date",
};

export function humanMessage(issue: Issue): string | undefined {
  switch (issue.code) {
    case "invalid_type": {
      if (issue.input === undefined) return "Required";
      return TYPE_WORDS[issue.expected] ?? `Expected ${issue.expected}`;
    }
    case "too_small": {
      const min = number(issue.minimum);
      if (issue.origin === "string") return Number(issue.minimum) <= 1 ? "Required" : `At least ${min} characters`;
      if (issue.origin === "array" || issue.origin === "set") return Number(issue.minimum) <= 1 ? "Add at least one" : `At least ${min} items`;
      return issue.inclusive ? `Must be at least ${min}` : `Must be more than ${min}`;
    }
    case "too_big": {
      const max = number(issue.maximum);
      if (issue.origin === "string") return `At most ${max} characters`;
      if (issue.origin === "array" || issue.origin === "set") return `At most ${max} items`;
      return issue.inclusive ? `Must be at most ${max}` : `Must be less than ${max}`;
    }
    case "invalid_value": {
      const values = issue.values.map((v: unknown) => (typeof v === "string" ? v : JSON.stringify(v)));
      return values.length === 1 ? `Must be ${values[0]}` : values.length <= 12 ? `Choose one of: ${values.join(", ")}` : "Not one of the allowed values";
    }
    case "unrecognized_keys":
      return `Unknown field${issue.keys.length === 1 ? "" : "s"}: ${issue.keys.join(", ")}`;
    case "invalid_format":
      return issue.format === "regex" ? "Not in the expected format" : `Not a valid ${issue.format}`;
    case "not_multiple_of":
      return `Must be a multiple of ${number(issue.divisor)}`;
    default:
      return undefined;
  }
}

z.config({ customError: humanMessage });
