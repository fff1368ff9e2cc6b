import { STAGE_LABELS, type TStage } from "@/rules-schema/graph/graph-schema";
import type { Db } from "../db/create-db";
import type { Prisma } from "../db/generated/prisma/client";
import type { TAuditEntryOut, TAuditListInput } from "../schemas/audit-schemas";
import { ZAuditEntryOut } from "../schemas/audit-schemas";
import { pageOf } from "../schemas/common-schemas";
import type { Scope } from "./scope";

/**
 * What an id in the audit log can refer to. Each kind is looked up in its own table, always within
 * the caller's organization: an id of another organization's row is never resolved to its name.
 */
type Kind =
  | "organization"
  | "member"
  | "user"
  | "invitation"
  | "apiKey"
  | "store"
  | "warehouse"
  | "channel"
  | "sku"
  | "pairing"
  | "inventory"
  | "orderImport"
  | "ruleset"
  | "rulesetVersion"
  | "simulation"
  | "publishRequest";

/** The entity types written to the audit log (writeAuditLog, the import and seed services, better-auth's organization endpoints), and the few it may name later. */
const ENTITY_KINDS: Readonly<Record<string, Kind>> = {
  organization: "organization",
  member: "member",
  invitation: "invitation",
  apiKey: "apiKey",
  store: "store",
  warehouse: "warehouse",
  channel: "channel",
  sku: "sku",
  pairing: "pairing",
  inventory: "inventory",
  orderImport: "orderImport",
  ruleset: "ruleset",
  rulesetVersion: "rulesetVersion",
  simulation: "simulation",
  publishRequest: "publishRequest",
};

/** Fields of a diff whose values are ids of master data or other records (a single id, an id array, or [before, after] of either). */
const REF_KINDS: Readonly<Record<string, Kind>> = {
  storeId: "store",
  skuId: "sku",
  warehouseId: "warehouse",
  warehouseIds: "warehouse",
  originWarehouseIds: "warehouse",
  channelId: "channel",
  channelIds: "channel",
  logisticsChannelId: "channel",
  rulesetId: "ruleset",
  versionId: "rulesetVersion",
  publishedVersionId: "rulesetVersion",
  userId: "user",
  requestedBy: "user",
  requestedById: "user",
  decidedById: "user",
  createdById: "user",
  inviterId: "user",
  memberId: "member",
  apiKeyId: "apiKey",
  simulationId: "simulation",
  publishRequestId: "publishRequest",
  importId: "orderImport",
  orderImportId: "orderImport",
  pairingId: "pairing",
  inventoryId: "inventory",
};

/** `map[key]` for the map's own keys only (diff fields and entity types are data: "constructor" is not a kind). */
const lookup = <T>(map: Readonly<Record<string, T>>, key: string): T | undefined => (Object.hasOwn(map, key) ? map[key] : undefined);

const withCode = (name: string | null | undefined, code: string | null | undefined): string | null => (name && code ? `${name} (${code})` : name || code || null);
const rulesetLabel = (name: string, stage: string | null | undefined): string => (stage && stage in STAGE_LABELS ? `${name} (${STAGE_LABELS[stage as TStage]})` : name);
const simulationLabel = (name: string, rulesetName: string | null | undefined, candidate: string | null | undefined): string | null =>
  name || (rulesetName ? `Simulation of ${rulesetName}${candidate ? ` ${candidate}` : ""}` : null);

type Loader = (db: Db, organizationId: string, ids: string[]) => Promise<[string, string | null][]>;

/** One query per kind, each filtered by the caller's organization. */
const LOADERS: Readonly<Record<Kind, Loader>> = {
  organization: async (db, organizationId, ids) => {
    // An organization's log only ever names that organization.
    if (!ids.includes(organizationId)) return [];
    const org = await db.organization.findUnique({ where: { id: organizationId }, select: { id: true, name: true } });
    return org ? [[org.id, org.name]] : [];
  },
  member: async (db, organizationId, ids) =>
    (await db.member.findMany({ where: { organizationId, id: { in: ids } }, select: { id: true, user: { select: { name: true } } } })).map((r) => [r.id, r.user.name]),
  // Users have no organization: only those who are members of the caller's one are named.
  user: async (db, organizationId, ids) =>
    (await db.member.findMany({ where: { organizationId, userId: { in: ids } }, select: { userId: true, user: { select: { name: true } } } })).map((r) => [r.userId, r.user.name]),
  invitation: async (db, organizationId, ids) =>
    (await db.invitation.findMany({ where: { organizationId, id: { in: ids } }, select: { id: true, email: true } })).map((r) => [r.id, r.email]),
  apiKey: async (db, organizationId, ids) => (await db.apiKey.findMany({ where: { organizationId, id: { in: ids } }, select: { id: true, name: true } })).map((r) => [r.id, r.name]),
  store: async (db, organizationId, ids) => (await db.store.findMany({ where: { organizationId, id: { in: ids } }, select: { id: true, name: true } })).map((r) => [r.id, r.name]),
  warehouse: async (db, organizationId, ids) =>
    (await db.warehouse.findMany({ where: { organizationId, id: { in: ids } }, select: { id: true, name: true, code: true } })).map((r) => [r.id, withCode(r.name, r.code)]),
  channel: async (db, organizationId, ids) =>
    (await db.logisticsChannel.findMany({ where: { organizationId, id: { in: ids } }, select: { id: true, name: true, code: true } })).map((r) => [r.id, withCode(r.name, r.code)]),
  sku: async (db, organizationId, ids) =>
    (await db.sku.findMany({ where: { organizationId, id: { in: ids } }, select: { id: true, name: true, code: true } })).map((r) => [r.id, withCode(r.name, r.code)]),
  pairing: async (db, organizationId, ids) =>
    (
      await db.skuPairing.findMany({
        where: { organizationId, id: { in: ids } },
        select: { id: true, platformSku: true, store: { select: { name: true } }, sku: { select: { code: true } } },
      })
    ).map((r) => [r.id, `${r.store.name}: ${r.platformSku} → ${r.sku.code}`]),
  inventory: async (db, organizationId, ids) =>
    (
      await db.inventory.findMany({
        where: { organizationId, id: { in: ids } },
        select: { id: true, sku: { select: { code: true } }, warehouse: { select: { name: true, code: true } } },
      })
    ).map((r) => [r.id, `${r.sku.code} in ${withCode(r.warehouse.name, r.warehouse.code)}`]),
  orderImport: async (db, organizationId, ids) =>
    (await db.orderImport.findMany({ where: { organizationId, id: { in: ids } }, select: { id: true, fileName: true } })).map((r) => [r.id, r.fileName]),
  ruleset: async (db, organizationId, ids) =>
    (await db.ruleset.findMany({ where: { organizationId, id: { in: ids } }, select: { id: true, name: true, stage: true } })).map((r) => [r.id, rulesetLabel(r.name, r.stage)]),
  rulesetVersion: async (db, organizationId, ids) =>
    (await db.rulesetVersion.findMany({ where: { organizationId, id: { in: ids } }, select: { id: true, number: true, ruleset: { select: { name: true } } } })).map((r) => [
      r.id,
      `${r.ruleset.name} v${r.number}`,
    ]),
  simulation: async (db, organizationId, ids) =>
    (
      await db.simulation.findMany({
        where: { organizationId, id: { in: ids } },
        select: { id: true, name: true, candidateLabel: true, ruleset: { select: { name: true } } },
      })
    ).map((r) => [r.id, simulationLabel(r.name, r.ruleset.name, r.candidateLabel)]),
  publishRequest: async (db, organizationId, ids) =>
    (await db.publishRequest.findMany({ where: { organizationId, id: { in: ids } }, select: { id: true, kind: true, versionNumber: true } })).map((r) => [
      r.id,
      r.kind === "rollback" ? `Rollback to v${r.versionNumber}` : `Publish of v${r.versionNumber}`,
    ]),
};

type Row = Record<string, unknown>;
const isRow = (v: unknown): v is Row => v !== null && typeof v === "object" && !Array.isArray(v);
const MAX_ID = 100;

/** The ids in a diff value: an id, an array of ids, or [before, after] of either. */
function idsIn(v: unknown, out: Set<string>, depth = 0): void {
  if (typeof v === "string") {
    if (v.length > 0 && v.length <= MAX_ID) out.add(v);
  } else if (Array.isArray(v) && depth < 2) {
    for (const x of v) idsIn(x, out, depth + 1);
  }
}

/** Every (kind, id) a diff mentions in its id fields, including inside snapshots such as `{ after: { userId } }`. */
function refsOf(diff: Row, visit: (kind: Kind, id: string) => void, depth = 0): void {
  for (const [field, v] of Object.entries(diff)) {
    const kind = lookup(REF_KINDS, field);
    if (kind) {
      const ids = new Set<string>();
      idsIn(v, ids);
      for (const id of ids) visit(kind, id);
    } else if (depth < 2) {
      if (isRow(v)) refsOf(v, visit, depth + 1);
      else if (Array.isArray(v)) for (const x of v) if (isRow(x)) refsOf(x, visit, depth + 1);
    }
  }
}

/** A field of a diff as it was last written: the "after" of [before, after] (else the "before"), a plain value, or the field of a `{ after: {…} }` snapshot. */
function lastValue(diff: Row, field: string): unknown {
  const v = diff[field];
  if (Array.isArray(v) && v.length === 2) return v[1] ?? v[0];
  if (v !== undefined) return v;
  const after = diff.after;
  return isRow(after) ? after[field] : undefined;
}
const text = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v : null);

/** The entity's name as the entry itself recorded it: for entities deleted since (or not looked up). */
function snapshotName(kind: Kind, diff: Row, names: ReadonlyMap<string, string>): string | null {
  const field = (f: string) => text(lastValue(diff, f));
  const ref = (f: string) => {
    const id = field(f);
    return id ? (names.get(id) ?? null) : null;
  };
  switch (kind) {
    case "warehouse":
    case "channel":
    case "sku":
      return withCode(field("name"), field("code"));
    case "ruleset": {
      const name = field("name");
      return name ? rulesetLabel(name, field("stage")) : null;
    }
    case "member":
    case "user":
      return field("name") ?? field("email") ?? ref("userId");
    case "invitation":
      return field("email");
    case "orderImport":
      return field("fileName");
    case "pairing": {
      const sku = field("platformSku");
      const store = ref("storeId");
      return sku ? (store ? `${store}: ${sku}` : sku) : null;
    }
    case "inventory": {
      const sku = ref("skuId");
      const warehouse = ref("warehouseId");
      return sku && warehouse ? `${sku} in ${warehouse}` : null;
    }
    case "simulation":
      return simulationLabel(field("name") ?? "", ref("rulesetId"), field("candidate"));
    default:
      return field("name");
  }
}

/** Ids resolved to display names, per kind. */
type Resolved = Map<Kind, Map<string, string>>;

async function resolveNames(db: Db, organizationId: string, wanted: ReadonlyMap<Kind, ReadonlySet<string>>): Promise<Resolved> {
  const resolved: Resolved = new Map();
  await Promise.all(
    [...wanted].map(async ([kind, ids]) => {
      const found = new Map<string, string>();
      for (const [id, name] of await LOADERS[kind](db, organizationId, [...ids])) if (name) found.set(id, name);
      resolved.set(kind, found);
    }),
  );
  return resolved;
}

/** `search` as literal text inside a LIKE pattern (Prisma's `contains` does not escape `%` and `_` either). */
const likeLiteral = (search: string) => search.replace(/[\\%_]/g, (c) => `\\${c}`);

/** For a search: the entities of the caller's organization whose name (or code, email, file name) contains `search`, as audit-log conditions. */
async function entitiesNamed(db: Db, organizationId: string, search: string): Promise<Prisma.AuditLogWhereInput[]> {
  const pattern = `%${likeLiteral(search)}%`;
  // One round trip; every branch is limited to the organization. Capped: a search box narrows the log, it does not enumerate it.
  const rows = await db.$queryRaw<{ type: string; id: string }[]>`
    SELECT 'organization' AS type, id FROM organizations WHERE id = ${organizationId} AND name ILIKE ${pattern}
    UNION ALL SELECT 'ruleset', id FROM rulesets WHERE "organizationId" = ${organizationId} AND name ILIKE ${pattern}
    UNION ALL SELECT 'warehouse', id FROM warehouses WHERE "organizationId" = ${organizationId} AND (name ILIKE ${pattern} OR code ILIKE ${pattern})
    UNION ALL SELECT 'channel', id FROM logistics_channels WHERE "organizationId" = ${organizationId} AND (name ILIKE ${pattern} OR code ILIKE ${pattern})
    UNION ALL SELECT 'sku', id FROM skus WHERE "organizationId" = ${organizationId} AND (name ILIKE ${pattern} OR code ILIKE ${pattern})
    UNION ALL SELECT 'store', id FROM stores WHERE "organizationId" = ${organizationId} AND name ILIKE ${pattern}
    UNION ALL SELECT 'apiKey', id FROM api_keys WHERE "organizationId" = ${organizationId} AND name ILIKE ${pattern}
    UNION ALL SELECT 'member', m.id FROM members m JOIN users u ON u.id = m."userId" WHERE m."organizationId" = ${organizationId} AND (u.name ILIKE ${pattern} OR u.email ILIKE ${pattern})
    UNION ALL SELECT 'invitation', id FROM invitations WHERE "organizationId" = ${organizationId} AND email ILIKE ${pattern}
    UNION ALL SELECT 'orderImport', id FROM order_imports WHERE "organizationId" = ${organizationId} AND "fileName" ILIKE ${pattern}
    UNION ALL SELECT 'simulation', s.id FROM simulations s JOIN rulesets r ON r.id = s."rulesetId" WHERE s."organizationId" = ${organizationId} AND (s.name ILIKE ${pattern} OR r.name ILIKE ${pattern})
    UNION ALL SELECT 'pairing', p.id FROM sku_pairings p JOIN skus k ON k.id = p."skuId" JOIN stores st ON st.id = p."storeId"
      WHERE p."organizationId" = ${organizationId} AND (p."platformSku" ILIKE ${pattern} OR k.code ILIKE ${pattern} OR k.name ILIKE ${pattern} OR st.name ILIKE ${pattern})
    UNION ALL SELECT 'inventory', i.id FROM inventory i JOIN skus k ON k.id = i."skuId" JOIN warehouses w ON w.id = i."warehouseId"
      WHERE i."organizationId" = ${organizationId} AND (k.code ILIKE ${pattern} OR k.name ILIKE ${pattern} OR w.name ILIKE ${pattern} OR w.code ILIKE ${pattern})
    LIMIT 5000`;
  const byType = new Map<string, string[]>();
  for (const r of rows) {
    const ids = byType.get(r.type);
    if (ids) ids.push(r.id);
    else byType.set(r.type, [r.id]);
  }
  return [...byType].map(([entityType, ids]) => ({ entityType, entityId: { in: ids } }));
}

/** The organization's audit log, newest first, with the names of what each entry is about and of the ids its changes mention. */
export async function listAuditLog(db: Db, scope: Scope, input: TAuditListInput) {
  const organizationId = scope.organizationId;
  const named = input.search ? await entitiesNamed(db, organizationId, input.search) : [];
  const where: Prisma.AuditLogWhereInput = {
    organizationId,
    ...(input.entityType ? { entityType: input.entityType } : {}),
    ...(input.entityId ? { entityId: input.entityId } : {}),
    ...(input.actorId ? { actorId: input.actorId } : {}),
    ...(input.from || input.to ? { createdAt: { ...(input.from ? { gte: input.from } : {}), ...(input.to ? { lt: input.to } : {}) } } : {}),
    ...(input.search
      ? {
          OR: [
            { action: { contains: likeLiteral(input.search), mode: "insensitive" } },
            { entityType: { contains: likeLiteral(input.search), mode: "insensitive" } },
            { entityId: { equals: input.search } },
            ...named,
          ],
        }
      : {}),
  };
  const [rows, total] = await Promise.all([
    db.auditLog.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (input.page - 1) * input.pageSize, take: input.pageSize }),
    db.auditLog.count({ where }),
  ]);

  const diffs = rows.map((r) => (isRow(r.diff) ? r.diff : {}));
  const wanted = new Map<Kind, Set<string>>();
  const want = (kind: Kind, id: string) => {
    if (id.length > MAX_ID) return;
    const ids = wanted.get(kind) ?? new Set<string>();
    ids.add(id);
    wanted.set(kind, ids);
  };
  const entryRefs = rows.map((r, i) => {
    const refs: [Kind, string][] = [];
    const kind = lookup(ENTITY_KINDS, r.entityType);
    if (kind) want(kind, r.entityId);
    refsOf(diffs[i]!, (k, id) => {
      refs.push([k, id]);
      want(k, id);
    });
    return refs;
  });

  const actorIds = (type: string) => [...new Set(rows.filter((r) => r.actorType === type && r.actorId).map((r) => r.actorId!))];
  const [users, keys, resolved] = await Promise.all([
    db.user.findMany({ where: { id: { in: actorIds("user") } }, select: { id: true, name: true } }),
    db.apiKey.findMany({ where: { id: { in: actorIds("apiKey") }, organizationId }, select: { id: true, name: true } }),
    resolveNames(db, organizationId, wanted),
  ]);
  const actorNames = new Map([...users, ...keys].map((x) => [x.id, x.name]));
  // Someone who acted in this organization's log is named there even after leaving it.
  const userNames = resolved.get("user") ?? new Map<string, string>();
  for (const u of users) if (!userNames.has(u.id)) userNames.set(u.id, u.name);
  resolved.set("user", userNames);

  const items: TAuditEntryOut[] = rows.map((r, i) => {
    const diff = diffs[i]!;
    const names = new Map<string, string>();
    for (const [kind, id] of entryRefs[i]!) {
      const name = resolved.get(kind)?.get(id);
      if (name) names.set(id, name);
    }
    const kind = lookup(ENTITY_KINDS, r.entityType);
    const live = kind ? resolved.get(kind)?.get(r.entityId) : undefined;
    const entityDeleted = kind !== undefined && live === undefined && (kind !== "organization" || r.entityId === organizationId);
    const entityName = live ?? (kind ? snapshotName(kind, diff, names) : null);
    return ZAuditEntryOut.parse({
      ...r,
      actorName: r.actorId ? (actorNames.get(r.actorId) ?? null) : null,
      entityName,
      entityDeleted,
      names: Object.fromEntries(names),
      diff,
    });
  });
  return pageOf(items, total, input);
}
