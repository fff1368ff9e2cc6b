import { buildOpenApi } from "@/server/live-router/build-openapi";

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
  info: { title: string; description: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const refName = (s: Schema) => (typeof s.$ref === "string" ? s.$ref.split("/").pop()! : null);

/** A short type label: `Decision`, `string[]`, `"a" | "b"`, `Order | PlatformOrder`. */
function typeOf(s: Schema | undefined): string {
  if (!s) return "any";
  const name = refName(s);
  if (name) return name;
  if (Array.isArray(s.anyOf)) return (s.anyOf as Schema[]).map(typeOf).join(" | ");
  if (Array.isArray(s.enum)) return (s.enum as unknown[]).map((v) => JSON.stringify(v)).join(" | ");
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.type === "array") return `${typeOf(s.items as Schema | undefined)}[]`;
  if (Array.isArray(s.type)) return (s.type as string[]).join(" | ");
  if (typeof s.type === "string") return s.type;
  return "any";
}

function Anchor({ name }: { name: string }) {
  return <a href={`#schema-${name}`}>{name}</a>;
}

function TypeCell({ schema }: { schema: Schema | undefined }) {
  const label = typeOf(schema);
  const parts = label.split(/(\b[A-Z][A-Za-z]+\b)/);
  return (
    <code>
      {parts.map((p, i) => (/^[A-Z][A-Za-z]+$/.test(p) ? <Anchor key={i} name={p} /> : p))}
    </code>
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

function Properties({ schema }: { schema: Schema }) {
  const props = (schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set((schema.required ?? []) as string[]);
  if (Object.keys(props).length === 0) return <p className="muted">{typeOf(schema)}</p>;
  return (
    <table className="ref">
      <thead>
        <tr>
          <th>Field</th>
          <th>Type</th>
          <th>Notes</th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(props).map(([name, p]) => (
          <tr key={name}>
            <td>
              <code>{name}</code>
              {required.has(name) ? null : <div className="muted">optional</div>}
            </td>
            <td>
              <TypeCell schema={p} />
            </td>
            <td className="muted">{typeof p.description === "string" ? p.description : p.default !== undefined ? `default ${JSON.stringify(p.default)}` : ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The public API's reference, rendered from the OpenAPI document at /api/v1/openapi.json. */
export default function ApiReferencePage() {
  const doc = buildOpenApi() as unknown as Doc;
  const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));
  return (
    <>
      <div className="page-head">
        <div>
          <h1>API reference</h1>
          <p>
            {doc.info.description} The OpenAPI {String((doc as unknown as { openapi: string }).openapi)} document: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>. Create keys on the{" "}
            <a href="/api-keys">API keys</a> page.
          </p>
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
          <p>{op.description}</p>
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
                      <td className="muted">{p.description ?? ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
          {op.requestBody ? (
            <>
              <h3>Request body</h3>
              <p>
                <TypeCell schema={op.requestBody.content["application/json"]?.schema} /> <span className="muted">{op.requestBody.description}</span>
              </p>
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
                  <td>{r.description}</td>
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
          {typeof schema.description === "string" ? <p className="muted">{schema.description}</p> : null}
          <Properties schema={schema} />
        </section>
      ))}
    </>
  );
}
