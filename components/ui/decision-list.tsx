/** A decision's rows ("Warehouse" → "Los Angeles", "Hold" → reason…) as a definition list. */
export function DecisionList({ rows, testId }: { rows: readonly (readonly [string, string])[]; testId: string }) {
  return (
    <dl className="decision" data-testid={testId}>
      {rows.map(([k, v], i) => (
        <div key={`${k}-${i}`}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
