import type { ReactNode } from "react";
import { buildOpenApi } from "@/server/live-router/build-openapi";
import { Markdown } from "./markdown";

export const metadata = { title: "API reference — Switchyard" };

type Schema = { [key: string]: unknown };
interface Parameter {
  name: string;
  in: string;
  required: boolean;
  description?: string;
  schema: Schema;
}
interface Operation {
  summary: string;
  description: string;
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { description?: string; content: Record<string, { schema: Schema; example?: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
}
interface Doc {
  openapi: string;
  info: { title: string; description: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const refName = (s: Schema) => (typeof s.$ref === "string" ? s.$ref.split("/").pop()! : null);
const isNull = (s: Schema) => s.type === "null";
/** The non-null alternative of a nullable `anyOf` (`X | null`), else the schema itself. */
function nonNull(s: Schema): Schema {
  if (!Array.isArray(s.anyOf)) return s;
  const rest = (s.anyOf as Schema[]).filter((a) => !isNull(a));
  return rest.length === 1 ? rest[0]! : s;
}
const hasProperties = (s: Schema) => typeof s.properties === "object" && s.properties !== null;
/** Whether a schema has a shape worth a table: an object, a component, or a union or array holding one. */
function isStructured(s: Schema): boolean {
  if (hasProperties(s) || refName(s)) return true;
  if (Array.isArray(s.anyOf)) return (s.anyOf as Schema[]).some(isStructured);
  return s.type === "array" && typeof s.items === "object" && s.items !== null && isStructured(s.items as Schema);
}

/** Where the schemas are, and how often each component is used by the others (a component used once is part of its user). */
interface Ctx {
  components: Record<string, Schema>;
  uses: Map<string, number>;
}

function countRefs(components: Record<string, Schema>): Map<string, number> {
  const uses = new Map<string, number>();
  const walk = (value: unknown, from: string) => {
    if (Array.isArray(value)) value.forEach((v) => walk(v, from));
    else if (value !== null && typeof value === "object") {
      const name = refName(value as Schema);
      if (name && name !== from) uses.set(name, (uses.get(name) ?? 0) + 1);
      for (const v of Object.values(value)) walk(v, from);
    }
  };
  for (const [name, schema] of Object.entries(components)) walk(schema, name);
  return uses;
}

function join(nodes: ReactNode[], separator: string): ReactNode[] {
  return nodes.flatMap((n, i) => (i === 0 ? [n] : [separator, n]));
}

/** A short type as React nodes, component names linked: `Decision`, `string[]`, `"a" | "b"`, `OrderLine[]`, `string | null`. */
function typeNodes(s: Schema | undefined, key = "t"): ReactNode {
  if (!s) return "any";
  const name = refName(s);
  if (name)
    return (
      <a key={key} href={`#schema-${name}`}>
        {name}
      </a>
    );
  if (Array.isArray(s.anyOf)) return join((s.anyOf as Schema[]).map((a, i) => typeNodes(a, `${key}.${i}`)), " | ");
  if (Array.isArray(s.enum)) return (s.enum as unknown[]).map((v) => JSON.stringify(v)).join(" | ");
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.type === "array") {
    const items = s.items as Schema | undefined;
    const many = Array.isArray(items?.anyOf) && (items.anyOf as unknown[]).length > 1;
    return many ? ["(", typeNodes(items, `${key}.items`), ")[]"] : [typeNodes(items, `${key}.items`), "[]"];
  }
  if (Array.isArray(s.type)) return (s.type as string[]).join(" | ");
  if (typeof s.type === "string") return s.type;
  return "any";
}

function TypeCell({ schema }: { schema: Schema | undefined }) {
  return <code>{typeNodes(schema)}</code>;
}

const num = (n: unknown) => (typeof n === "number" ? n.toLocaleString("en-US") : String(n));

/** Limits worth reading next to a field: range, length, items, format, a short pattern, the default. */
function limits(schema: Schema): string[] {
  const s = nonNull(schema);
  const out: string[] = [];
  if (s.minimum !== undefined && s.maximum !== undefined && Math.abs(Number(s.maximum)) < 1e15) out.push(`${num(s.minimum)} to ${num(s.maximum)}`);
  else if (s.minimum !== undefined && Math.abs(Number(s.minimum)) < 1e15) out.push(`at least ${num(s.minimum)}`);
  if (s.minLength === 1) out.push("not empty");
  else if (s.minLength !== undefined && Number(s.minLength) > 1) out.push(`at least ${num(s.minLength)} characters`);
  if (s.maxLength !== undefined) out.push(`at most ${num(s.maxLength)} characters`);
  if (s.minItems !== undefined && s.maxItems !== undefined) out.push(s.minItems === s.maxItems ? `exactly ${num(s.minItems)} item${s.minItems === 1 ? "" : "s"}` : `${num(s.minItems)} to ${num(s.maxItems)} items`);
  else if (s.minItems !== undefined && Number(s.minItems) > 0) out.push(`at least ${num(s.minItems)} item${s.minItems === 1 ? "" : "s"}`);
  else if (s.maxItems !== undefined) out.push(`at most ${num(s.maxItems)} items`);
  if (typeof s.format === "string") out.push(`format ${s.format}`);
  else if (typeof s.pattern === "string" && s.pattern.length <= 40) out.push(`pattern ${s.pattern}`);
  if (schema.default !== undefined) out.push(`default ${JSON.stringify(schema.default)}`);
  return out;
}

const MAX_DEPTH = 4;

/** What a field holds inside, when it is an object: its inline schema, or a component's (with whether that is only used here). */
function innerObject(schema: Schema, ctx: Ctx): { label: string; schema: Schema; ref: string | null } | null {
  let s = nonNull(schema);
  let each = false;
  if (s.type === "array" && s.items) {
    s = nonNull(s.items as Schema);
    each = true;
  }
  const name = refName(s);
  const target = name ? ctx.components[name] : s;
  if (!target || !(hasProperties(target) || (!name && Array.isArray(target.anyOf) && isStructured(target)))) return null;
  const label = `${each ? "Each item" : "Fields"}${name ? ` (${name})` : ""}`;
  return { label, schema: target, ref: name };
}

/** A field's nested object as its own table: inline objects always open; a component open when this is its only use. */
function Nested({ schema, ctx, depth, seen }: { schema: Schema; ctx: Ctx; depth: number; seen: readonly string[] }) {
  const inner = innerObject(schema, ctx);
  if (!inner || depth >= MAX_DEPTH || (inner.ref && seen.includes(inner.ref))) return null;
  const open = inner.ref === null || (ctx.uses.get(inner.ref) ?? 0) <= 1;
  return (
    <details open={open} style={{ marginTop: 6 }}>
      <summary className="muted">{inner.label}</summary>
      <SchemaBody schema={inner.schema} ctx={ctx} depth={depth + 1} seen={inner.ref ? [...seen, inner.ref] : seen} />
    </details>
  );
}

function Properties({ schema, ctx, depth, seen }: { schema: Schema; ctx: Ctx; depth: number; seen: readonly string[] }) {
  const props = (schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set((schema.required ?? []) as string[]);
  if (Object.keys(props).length === 0) return <p className="muted">An object; any fields.</p>;
  return (
    <table className="ref" style={depth > 0 ? { marginTop: 6, fontSize: 13 } : undefined}>
      <thead>
        <tr>
          <th>Field</th>
          <th>Type</th>
          <th>Notes</th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(props).map(([name, p]) => {
          const notes = limits(p);
          return (
            <tr key={name}>
              <td>
                <code>{name}</code>
                <div className="muted">{required.has(name) ? "required" : "optional"}</div>
              </td>
              <td>
                <TypeCell schema={p} />
              </td>
              <td>
                {typeof p.description === "string" ? <Markdown text={p.description} inline className="muted" /> : null}
                {notes.length > 0 ? <div className="muted" style={{ fontSize: 12 }}>{notes.join(" · ")}</div> : null}
                <Nested schema={p} ctx={ctx} depth={depth} seen={seen} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The alternatives of an `anyOf`: each one's type, description and, when it is an inline object or array, its shape. */
function Alternatives({ options, ctx, depth, seen }: { options: Schema[]; ctx: Ctx; depth: number; seen: readonly string[] }) {
  return (
    <>
      <p className="muted" style={{ margin: "6px 0" }}>
        One of:
      </p>
      <ul style={{ margin: 0, paddingLeft: 20 }}>
        {options.map((o, i) => (
          <li key={i} style={{ marginBottom: 8 }}>
            <TypeCell schema={o} />
            {typeof o.description === "string" ? (
              <>
                {" — "}
                <Markdown text={o.description} inline />
              </>
            ) : null}
            {refName(o) ? null : <SchemaBody schema={o} ctx={ctx} depth={depth + 1} seen={seen} describe={false} />}
          </li>
        ))}
      </ul>
    </>
  );
}

/** A schema's shape: a property table for an object, the alternatives of a union, the items of an array. */
function SchemaBody({ schema, ctx, depth, seen, describe = true }: { schema: Schema; ctx: Ctx; depth: number; seen: readonly string[]; describe?: boolean }) {
  const description = describe && depth > 0 && typeof schema.description === "string" ? <Markdown text={schema.description} className="muted" /> : null;
  if (depth > MAX_DEPTH) return null;
  if (hasProperties(schema))
    return (
      <>
        {description}
        <Properties schema={schema} ctx={ctx} depth={depth} seen={seen} />
      </>
    );
  const alternatives = Array.isArray(schema.anyOf) ? (schema.anyOf as Schema[]).filter((a) => !isNull(a)) : [];
  if (alternatives.length > 1 && isStructured(schema))
    return (
      <>
        {description}
        <Alternatives options={alternatives} ctx={ctx} depth={depth} seen={seen} />
      </>
    );
  if (schema.type === "array" && schema.items && !refName(schema.items as Schema)) {
    const items = schema.items as Schema;
    if (hasProperties(items) || Array.isArray(items.anyOf))
      return (
        <>
          {description}
          <p className="muted" style={{ margin: "6px 0 0" }}>
            An array{limits(schema).length ? ` (${limits(schema).join(", ")})` : ""}; each element:
          </p>
          <SchemaBody schema={items} ctx={ctx} depth={depth + 1} seen={seen} />
        </>
      );
  }
  if (depth > 0) return description;
  return (
    <p className="muted">
      <TypeCell schema={schema} />
    </p>
  );
}

function curl(method: string, path: string, op: Operation): string {
  const url = `"$SWITCHYARD_URL${path.replace("{id}", "<id>").replace("{orderId}", "<orderId>")}"`;
  const lines = [`curl -X ${method.toUpperCase()} ${url}`, `  -H "Authorization: Bearer $SWITCHYARD_KEY"`];
  const example = op.requestBody?.content["application/json"]?.example;
  if (example !== undefined) {
    lines.push(`  -H "Content-Type: application/json"`);
    if (op.operationId === "routeOrder") lines.push(`  -H "Idempotency-Key: order-1001-attempt"`);
    lines.push(`  -d '${JSON.stringify(example)}'`);
  }
  return lines.join(" \\\n");
}

/** The public API's reference, rendered from the OpenAPI document at /api/v1/openapi.json. */
export default function ApiReferencePage() {
  const doc = buildOpenApi() as unknown as Doc;
  const ctx: Ctx = { components: doc.components.schemas, uses: countRefs(doc.components.schemas) };
  const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));
  return (
    <>
      <div className="page-head">
        <div>
          <h1>API reference</h1>
          <div>
            <Markdown text={doc.info.description} />
            <p style={{ marginTop: 8 }}>
              The OpenAPI {doc.openapi} document: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>. Create keys on the <a href="/api-keys">API keys</a> page.
            </p>
          </div>
        </div>
      </div>
      <h2 className="section">Endpoints</h2>
      <ul>
        {operations.map(({ path, method, op }) => (
          <li key={op.operationId}>
            <a href={`#op-${op.operationId}`}>
              <code>
                {method.toUpperCase()} {path}
              </code>
            </a>{" "}
            — {op.summary}
          </li>
        ))}
      </ul>
      {operations.map(({ path, method, op }) => (
        <section key={op.operationId} id={`op-${op.operationId}`} className="card" style={{ marginBottom: 16 }}>
          <h2>
            <span className="badge">{method.toUpperCase()}</span> <code>{path}</code> — {op.summary}
          </h2>
          <Markdown text={op.description} />
          {op.parameters?.length ? (
            <>
              <h3>Parameters</h3>
              <table className="ref">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>In</th>
                    <th>Type</th>
                    <th>Description</th>
                  </tr>
                </thead>
                <tbody>
                  {op.parameters.map((p) => (
                    <tr key={`${p.in}-${p.name}`}>
                      <td>
                        <code>{p.name}</code>
                        {p.required ? <div className="muted">required</div> : null}
                      </td>
                      <td>{p.in}</td>
                      <td>
                        <TypeCell schema={p.schema} />
                      </td>
                      <td className="muted">
                        {p.description ? <Markdown text={p.description} inline /> : null}
                        {p.schema.default !== undefined ? <div style={{ fontSize: 12 }}>default {JSON.stringify(p.schema.default)}</div> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
          {op.requestBody ? (
            <>
              <h3>Request body</h3>
              <div style={{ marginBottom: 12 }}>
                <TypeCell schema={op.requestBody.content["application/json"]?.schema} />{" "}
                {op.requestBody.description ? <Markdown text={op.requestBody.description} inline className="muted" /> : null}
              </div>
            </>
          ) : null}
          <h3>Responses</h3>
          <table className="ref">
            <tbody>
              {Object.entries(op.responses).map(([status, r]) => (
                <tr key={status}>
                  <td>
                    <span className={`badge ${status.startsWith("2") ? "green" : status.startsWith("5") ? "red" : "amber"}`}>{status}</span>
                  </td>
                  <td>
                    <Markdown text={r.description} inline />
                  </td>
                  <td>
                    <TypeCell schema={Object.values(r.content ?? {})[0]?.schema} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Example</h3>
          <pre style={{ whiteSpace: "pre-wrap", wordBreak: "break-all", background: "#101828", color: "#e4e7ec", padding: 12, borderRadius: 8, fontSize: 13 }}>{curl(method, path, op)}</pre>
        </section>
      ))}
      <h2 className="section">Schemas</h2>
      {Object.entries(doc.components.schemas).map(([name, schema]) => (
        <section key={name} id={`schema-${name}`} style={{ marginBottom: 16 }}>
          <h3>
            <code>{name}</code>
          </h3>
          {typeof schema.description === "string" ? <Markdown text={schema.description} className="muted" /> : null}
          <SchemaBody schema={schema} ctx={ctx} depth={0} seen={[name]} />
        </section>
      ))}
    </>
  );
}
