import { TRPCClientError } from "@trpc/client";

export interface FormError {
  message: string;
  fieldErrors: Record<string, string[]>;
  conflict: { current: unknown } | null;
  code: string | null;
}

/** The message, field errors and conflict payload of a failed tRPC call, for forms. */
export function formErrorOf(error: unknown): FormError | null {
  if (!error) return null;
  if (error instanceof TRPCClientError) {
    const data = (error.data ?? {}) as { fieldErrors?: Record<string, string[]> | null; conflict?: { current: unknown } | null; code?: string };
    const fieldErrors = data.fieldErrors ?? {};
    const message = Object.keys(fieldErrors).length && data.code === "BAD_REQUEST" ? "Some fields need attention." : error.message;
    return { message, fieldErrors, conflict: data.conflict ?? null, code: data.code ?? null };
  }
  return { message: error instanceof Error ? error.message : String(error), fieldErrors: {}, conflict: null, code: null };
}
