import { TRPCError, initTRPC } from "@trpc/server";
import superjson from "superjson";
import { ZodError, z } from "zod";
import type { TPermission } from "../auth/roles";
import { type Scope, ScopeRefused, scopeFromSession } from "../services/scope";
import { ConflictError, FieldError, ForbiddenError, NotFoundError } from "../services/service-errors";
import type { TrpcContext } from "./context";
import { findUnsafeInput } from "../schemas/input-guard";

/** Field-level messages for forms: { "calendar.timeZone": ["must be an IANA time zone…"] }. */
function fieldErrorsOf(cause: unknown): Record<string, string[]> | null {
  // zod errors, and tRPC's Standard Schema errors wrapping zod issues, both carry `issues`.
  const issues =
    cause instanceof ZodError
      ? cause.issues
      : cause !== null && typeof cause === "object" && Array.isArray((cause as { issues?: unknown }).issues)
        ? ((cause as { issues: { path?: readonly (PropertyKey | { key: PropertyKey })[]; message: string }[] }).issues)
        : null;
  if (issues) {
    const out: Record<string, string[]> = {};
    for (const issue of issues) {
      const key = (issue.path ?? []).map((p) => String(typeof p === "object" && p !== null ? p.key : p)).join(".") || "_";
      (out[key] ??= []).push(issue.message);
    }
    return out;
  }
  if (cause instanceof FieldError) return { [cause.field]: [cause.message] };
  return null;
}

const t = initTRPC.context<TrpcContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const fieldErrors = fieldErrorsOf(error.cause);
    return {
      ...shape,
      // A readable summary instead of the raw list of issues; the details are in data.fieldErrors.
      message: fieldErrors && error.code === "BAD_REQUEST" && error.cause && !(error.cause instanceof FieldError) ? `Invalid input: ${Object.keys(fieldErrors).join(", ")}` : shape.message,
      data: {
        ...shape.data,
        fieldErrors,
        conflict: error.cause instanceof ConflictError ? { current: error.cause.current } : null,
      },
    };
  },
});

/** Maps service errors to tRPC errors, keeping the original as `cause` for the formatter. */
const mapServiceErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof NotFoundError) throw new TRPCError({ code: "NOT_FOUND", message: cause.message, cause });
    if (cause instanceof ConflictError) throw new TRPCError({ code: "CONFLICT", message: cause.message, cause });
    if (cause instanceof FieldError) throw new TRPCError({ code: "BAD_REQUEST", message: cause.message, cause });
    if (cause instanceof ForbiddenError) throw new TRPCError({ code: "FORBIDDEN", message: cause.message, cause });
  }
  return result;
});

/** Refuses unstorable or hostile input (NUL, lone surrogates, non-finite numbers, deep nesting, prototype keys) before any schema or query. */
const guardInput = t.middleware(async ({ getRawInput, next }) => {
  const problem = findUnsafeInput(await getRawInput());
  if (problem) {
    const field = problem.path || "_";
    throw new TRPCError({ code: "BAD_REQUEST", message: `${problem.path || "The input"} ${problem.message}`, cause: new FieldError(field, problem.message) });
  }
  return next();
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapServiceErrors).use(guardInput);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/** A procedure that needs `permission` in the caller's active organization; gives the service its scope. */
export function procedureWith(permission: TPermission) {
  return authedProcedure.use(({ ctx, next }) => {
    let scope: Scope;
    try {
      scope = scopeFromSession(ctx, permission);
    } catch (error) {
      if (error instanceof ScopeRefused) throw new TRPCError({ code: error.status === 401 ? "UNAUTHORIZED" : "FORBIDDEN", message: error.message });
      throw error;
    }
    return next({ ctx: { ...ctx, membership: ctx.membership!, scope } });
  });
}

export const ZEmpty = z.void();
