"use client";
import { useQuery } from "@tanstack/react-query";
import { type TPermission, type TRole, can, isRole } from "@/server/auth/roles";
import { useTRPC } from "@/lib/trpc";

/** The signed-in member (from `trpc.me`) and what their role allows; `ready` once it is known. */
export function usePermission() {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.queryOptions());
  const stored = me.data?.membership?.role;
  const role: TRole | null = stored && isRole(stored) ? stored : null;
  return {
    me: me.data ?? null,
    role,
    ready: !me.isLoading,
    error: me.error,
    can: (permission: TPermission) => role !== null && can(role, permission),
  };
}
