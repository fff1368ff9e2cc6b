/** The list frame of the master-data screens: loading, error, empty or no match, the table and the pager. */
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { type ListQuery, ListView, PageHead } from "./list-view";

interface Item {
  id: string;
  name: string;
}
const page = (items: Item[], total = items.length) => ({ items, total, page: 1, pageCount: Math.max(1, Math.ceil(total / 25)) });
const query = (over: Partial<ListQuery<Item>>): ListQuery<Item> => ({ isLoading: false, error: null, data: undefined, refetch: () => undefined, ...over });

function render(list: ListQuery<Item>, filtered = false) {
  return renderToStaticMarkup(
    <ListView list={list} loadingRows={3} onPage={() => undefined} filtered={filtered} noMatch={<p>No match</p>} empty={<p>Nothing yet</p>} compact head={<th>Name</th>}>
      {(items) =>
        items.map((i) => (
          <tr key={i.id}>
            <td>{i.name}</td>
          </tr>
        ))
      }
    </ListView>,
  );
}

describe("ListView", () => {
  it("shows placeholder rows while loading, and the error with Retry", () => {
    expect(render(query({ isLoading: true }))).toContain('<div class="loading-rows" aria-busy="true" aria-label="Loading">');
    const failed = render(query({ error: { message: "boom" } }));
    expect(failed).toContain("<span>Could not load: boom</span>");
    expect(failed).toContain(">Retry</button>");
  });

  it("says the list is empty, or that nothing matches while filtered", () => {
    expect(render(query({ data: page([]) }))).toBe('<div class="table-wrap"><p>Nothing yet</p></div>');
    expect(render(query({ data: page([]) }), true)).toBe('<div class="table-wrap"><p>No match</p></div>');
  });

  it("draws the table of the items with the pager", () => {
    const html = render(query({ data: page([{ id: "1", name: "Temu US" }], 26) }));
    expect(html).toContain('<table class="data compact"><thead><tr><th>Name</th></tr></thead><tbody><tr><td>Temu US</td></tr></tbody></table>');
    expect(html).toContain('<div class="pager"><span>26 items</span>');
    expect(html).toContain("Page 1 of 2");
  });
});

describe("PageHead", () => {
  it("marks the page with the member's role and offers the new-item button to editors only", () => {
    const editor = renderToStaticMarkup(
      <PageHead title="Stores" role="owner" create={{ label: "New store", onClick: () => undefined }}>
        The shops orders come from.
      </PageHead>,
    );
    expect(editor).toBe('<div class="page-head" data-role="owner"><div><h1>Stores</h1><p>The shops orders come from.</p></div><button class="btn primary">New store</button></div>');
    const viewer = renderToStaticMarkup(
      <PageHead title="Stores" role="viewer" create={null}>
        The shops orders come from.
      </PageHead>,
    );
    expect(viewer).not.toContain("button");
    expect(renderToStaticMarkup(<PageHead title="Inventory" create={{ label: "Set stock", onClick: () => undefined, disabled: true }}>Stock.</PageHead>)).toContain('<div class="page-head"><div>');
  });
});
