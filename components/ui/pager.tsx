export function Pager({ page, pageCount, total, onPage }: { page: number; pageCount: number; total: number; onPage: (p: number) => void }) {
  return (
    <div className="pager">
      <span>
        {total.toLocaleString()} {total === 1 ? "item" : "items"}
      </span>
      <span style={{ display: "flex", gap: 8, alignItems: "center" }}>
        <button className="btn" disabled={page <= 1} onClick={() => onPage(page - 1)}>
          Previous
        </button>
        Page {page} of {pageCount}
        <button className="btn" disabled={page >= pageCount} onClick={() => onPage(page + 1)}>
          Next
        </button>
      </span>
    </div>
  );
}
