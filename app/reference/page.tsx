import { SiteHeader } from "@/components/site-header";
import { LINE_FACTS, OPERATORS, ORDER_FACTS, operatorsForFactType, type FactDefinition } from "@/rules-schema";

export const metadata = { title: "Facts & operators — Switchyard" };

const UNIT_LABEL: Record<string, string> = { g: "grams", cm: "cm", h: "hours", money: "order currency", count: "count" };

function FactRows({ facts }: { facts: Record<string, FactDefinition> }) {
  return (
    <>
      {Object.entries(facts).map(([id, f]) => (
        <tr key={id}>
          <td>
            <strong>{f.label}</strong>
            <div className="muted">
              <code>{id}</code>
            </div>
          </td>
          <td>{f.description}</td>
          <td>
            {f.type}
            {f.unit ? <div className="muted">{UNIT_LABEL[f.unit]}</div> : null}
            {f.nullable ? <div className="muted">may be unknown</div> : null}
          </td>
          <td>{f.param ? <span className="pill">needs {f.param}</span> : null}</td>
          <td>
            {operatorsForFactType(f.type, f.format).map((o) => (
              <span className="pill" key={o}>
                {OPERATORS[o].label}
              </span>
            ))}
          </td>
        </tr>
      ))}
    </>
  );
}

export default function ReferencePage() {
  return (
    <main className="shell">
      <SiteHeader />
      <h2 className="section">Order facts</h2>
      <p className="muted">Facts a condition can test. Derived facts (weights, pairing, timing) are computed once per order; master-data facts read the merchant&apos;s warehouses, channels and stock.</p>
      <table className="ref">
        <thead>
          <tr>
            <th>Fact</th>
            <th>Meaning</th>
            <th>Type</th>
            <th>Parameter</th>
            <th>Operators</th>
          </tr>
        </thead>
        <tbody>
          <FactRows facts={ORDER_FACTS} />
        </tbody>
      </table>
      <h2 className="section">Line-item facts</h2>
      <p className="muted">Tested inside a line-item quantifier: any, all or none of the order&apos;s lines.</p>
      <table className="ref">
        <thead>
          <tr>
            <th>Fact</th>
            <th>Meaning</th>
            <th>Type</th>
            <th>Parameter</th>
            <th>Operators</th>
          </tr>
        </thead>
        <tbody>
          <FactRows facts={LINE_FACTS} />
        </tbody>
      </table>
      <h2 className="section">Operators</h2>
      <table className="ref">
        <thead>
          <tr>
            <th>Operator</th>
            <th>Label</th>
            <th>Applies to</th>
            <th>Compares with another fact</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(OPERATORS).map(([name, op]) => (
            <tr key={name}>
              <td>
                <code>{name}</code>
              </td>
              <td>{op.label}</td>
              <td>{op.factTypes.join(", ")}</td>
              <td>{op.allowsFactOperand ? "yes" : "no"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <footer>Switchyard · rule designer for cross-border order flows</footer>
    </main>
  );
}
