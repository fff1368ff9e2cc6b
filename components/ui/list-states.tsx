import type { ReactNode } from "react";

/** Placeholder rows while a table loads. */
export function LoadingRows({ rows = 6 }: { rows?: number }) {
  return (
    <div className="loading-rows" aria-busy="true" aria-label="Loading">
      {Array.from({ length: rows }, (_, i) => (
        <div className="skeleton" key={i} style={{ width: `${92 - ((i * 17) % 30)}%` }} />
      ))}
    </div>
  );
}

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty">
      <strong>{title}</strong>
      {children}
      {action ? <div style={{ marginTop: 14 }}>{action}</div> : null}
    </div>
  );
}

export function LoadError({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <div className="banner error" role="alert" style={{ margin: 12, display: "flex", justifyContent: "space-between", alignItems: "center", gap: 12 }}>
      <span>Could not load: {message}</span>
      <button className="btn" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}
