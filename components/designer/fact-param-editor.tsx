"use client";
import { Field } from "@/components/ui/field";
import type { FactDefinition } from "@/rules-schema/facts/fact-catalog";
import { useDesignerMasterData } from "./designer-master-data";
import { MasterDataPicker, QuantityInput } from "./value-editors";

const fid = (nodeId: string, field: string) => `insp-${nodeId}-${field}`;

/** The parameter a fact takes (a warehouse, a channel, hours), for a condition node or a table column. */
export function ParamEditor({ nodeId, def, params, onChange, errors }: { nodeId: string; def: FactDefinition; params: Record<string, unknown> | undefined; onChange: (p: Record<string, unknown>) => void; errors: string[] | undefined }) {
  const id = fid(nodeId, "params");
  if (def.param === "warehouse")
    return (
      <Field label="Warehouse" htmlFor={id} error={errors}>
        <MasterDataPicker id={id} kind="warehouse" value={typeof params?.warehouseId === "string" ? params.warehouseId : null} onChange={(v) => onChange({ warehouseId: v ?? "" })} />
      </Field>
    );
  if (def.param === "channel")
    return (
      <Field label="Channel" htmlFor={id} error={errors}>
        <MasterDataPicker id={id} kind="channel" value={typeof params?.channelId === "string" ? params.channelId : null} onChange={(v) => onChange({ channelId: v ?? "" })} />
      </Field>
    );
  if (def.param === "hours")
    return (
      <Field label="Within" htmlFor={id} error={errors}>
        <QuantityInput id={id} unit="h" value={typeof params?.hours === "number" ? params.hours : null} onChange={(v) => onChange({ hours: v ?? 0 })} />
      </Field>
    );
  return null;
}

/** A new condition's parameters for a fact: the first warehouse or channel, or 24 hours. */
export function defaultParams(def: FactDefinition, md: ReturnType<typeof useDesignerMasterData>): Record<string, unknown> | undefined {
  if (def.param === "warehouse") return { warehouseId: md.warehouses[0]?.id ?? "" };
  if (def.param === "channel") return { channelId: md.channels[0]?.id ?? "" };
  if (def.param === "hours") return { hours: 24 };
  return undefined;
}

