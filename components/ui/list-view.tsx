import type { ReactNode } from "react";
import { LoadError, LoadingRows } from "./list-states";
import { Pager } from "./pager";

/** A page of a paged list query (`{ items, total, page, pageCount }`). */
export interface ListPage<T> {
  items: T[];
  total: number;
  page: number;
  pageCount: number;
}

/** What the list needs of its query (a `useQuery` result). */
export interface ListQuery<T> {
  isLoading: boolean;
  error: { message: string } | null;
  data?: ListPage<T> | undefined;
  refetch: () => unknown;
}

/**
 * A paged list in its frame: placeholder rows while it loads, the error with Retry, `empty` when the
 * page has no item (`noMatch` instead while the list is `filtered`), else a table with the `head` cells
 * and the rows `children` draws of the items; the pager below when there are any.
 */
export function ListView<T>({
  list,
  loadingRows,
  empty,
  noMatch,
  filtered,
  onPage,
  compact,
  label,
  head,
  children,
}: {
  list: ListQuery<T>;
  loadingRows?: number;
  empty: ReactNode;
  noMatch?: ReactNode;
  filtered?: boolean;
  onPage: (page: number) => void;
  /** The table's `compact` style. */
  compact?: boolean;
  /** The table's accessible name. */
  label?: string;
  head: ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  return (
    <div className="table-wrap">
      {list.isLoading ? (
        <LoadingRows rows={loadingRows} />
      ) : list.error ? (
        <LoadError message={list.error.message} onRetry={() => void list.refetch()} />
      ) : list.data && list.data.items.length === 0 ? (
        filtered && noMatch !== undefined ? noMatch : empty
      ) : (
        <table className={compact ? "data compact" : "data"} aria-label={label}>
          <thead>
            <tr>{head}</tr>
          </thead>
          <tbody>{children(list.data?.items ?? [])}</tbody>
        </table>
      )}
      {list.data && list.data.total > 0 ? <Pager page={list.data.page} pageCount={list.data.pageCount} total={list.data.total} onPage={onPage} /> : null}
    </div>
  );
}

/** The toolbar's search box; typing goes back to the first page (the caller's `onChange` does). */
export function SearchBox({ label, placeholder, value, onChange }: { label: string; placeholder: string; value: string; onChange: (value: string) => void }) {
  return <input className="input search" placeholder={placeholder} aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} />;
}

/** "Clear filters", while any filter is set. */
export function ClearFilters({ shown, onClear }: { shown: boolean; onClear: () => void }) {
  return shown ? (
    <button className="btn ghost" onClick={onClear}>
      Clear filters
    </button>
  ) : null;
}

/**
 * The page title with its description, and the button that opens a new item (e.g. "New store") on the
 * right, for those who may edit (`create` null otherwise). `role` marks the page once the member's role is known.
 */
export function PageHead({ title, role, create, children }: { title: string; role?: string | null; create?: { label: string; onClick: () => void; disabled?: boolean } | null; children: ReactNode }) {
  return (
    <div className="page-head" data-role={role ?? undefined}>
      <div>
        <h1>{title}</h1>
        <p>{children}</p>
      </div>
      {create ? (
        <button className="btn primary" onClick={create.onClick} disabled={create.disabled}>
          {create.label}
        </button>
      ) : null}
    </div>
  );
}
