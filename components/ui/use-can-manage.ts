"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc";

/** Whether the signed-in member may change master data (owner and admin; the server enforces it too). */
export function useCanManageMasterData(): { canEdit: boolean; role: string | null } {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.queryOptions());
  const role = me.data?.membership?.role ?? null;
  return { canEdit: role === "owner" || role === "admin", role };
}
