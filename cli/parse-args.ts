import { usageError } from "./cli-io";

export interface ArgSpec {
  /** Options that take a value: `--name value` or `--name=value`. */
  values?: readonly string[];
  /** Options without a value: `--name`. */
  booleans?: readonly string[];
}

export interface ParsedArgs {
  positionals: string[];
  values: Partial<Record<string, string>>;
  booleans: Set<string>;
}

/**
 * Parses a command's arguments (after the command name). Options may come before or after the
 * positionals; `--` ends the options. Throws a usage error on an unknown option or a missing value.
 */
export function parseArgs(argv: readonly string[], spec: ArgSpec): ParsedArgs {
  const values = new Set(spec.values ?? []);
  const booleans = new Set(spec.booleans ?? []);
  const out: ParsedArgs = { positionals: [], values: {}, booleans: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("--") || arg === "-") {
      if (arg.startsWith("-") && arg !== "-") throw usageError(`unknown option ${arg}`);
      out.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (values.has(name)) {
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined || value === "") throw usageError(`option --${name} needs a value`);
      out.values[name] = value;
    } else if (booleans.has(name)) {
      if (eq !== -1) throw usageError(`option --${name} takes no value`);
      out.booleans.add(name);
    } else {
      throw usageError(`unknown option --${name}`);
    }
  }
  return out;
}

/** Checks the number of positionals; `names` are shown in the error, e.g. ["graph.json"]. */
export function expectPositionals(args: ParsedArgs, names: readonly string[]): string[] {
  if (args.positionals.length < names.length) throw usageError(`missing argument <${names[args.positionals.length]}>`);
  if (args.positionals.length > names.length) throw usageError(`unexpected argument ${args.positionals[names.length]}`);
  return args.positionals;
}

/** Checks an option's value against its allowed values. */
export function expectChoice<T extends string>(name: string, value: string | undefined, choices: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value)) throw usageError(`--${name} must be one of ${choices.join(", ")} (got "${value}")`);
  return value as T;
}
