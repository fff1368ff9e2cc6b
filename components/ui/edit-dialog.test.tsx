/** The edit dialog shows the stale-revision conflict (or else what no field shows) above the fields, and its footer. */
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { EditDialog, type EditBannerState } from "./edit-dialog";
import { LOCAL_ERROR } from "./edit-form-state";

interface Row {
  name: string;
  revision: number;
}
const noop = () => undefined;
const state = (over: Partial<EditBannerState<Row>>): EditBannerState<Row> => ({
  conflict: null,
  banner: { err: null, unclaimed: [], fieldErrorsLeft: 0 },
  busy: false,
  loadTheirs: noop,
  keepMine: noop,
  ...over,
});

function render(form: EditBannerState<Row>, extra: { gone?: React.ReactNode; onDelete?: () => void; className?: string } = {}) {
  return renderToStaticMarkup(
    <EditDialog title="Edit Temu US" form={form} what="store" summary={(c) => <>Now: “{c.name}”.</>} onClose={noop} onSave={noop} {...extra}>
      <input id="st-name" />
    </EditDialog>,
  );
}

describe("EditDialog", () => {
  it("is a labelled dialog with the fields, Cancel and Save, and Delete only when editing", () => {
    const html = render(state({}));
    expect(html).toContain('role="dialog" aria-modal="true" aria-label="Edit Temu US"');
    expect(html).toContain('<input id="st-name"/>');
    expect(html).toContain(">Cancel</button>");
    expect(html).toContain('<button class="btn primary">Save</button>');
    expect(html).not.toContain("Delete");
    expect(render(state({}), { onDelete: noop })).toContain('<button class="btn danger" style="margin-right:auto">Delete</button>');
    expect(html).not.toContain('role="alert"');
  });

  it("says Saving… and disables its buttons while a mutation runs", () => {
    const html = render(state({ busy: true }), { onDelete: noop });
    expect(html).toContain('<button class="btn primary" disabled="">Saving…</button>');
    expect(html).toContain('<button class="btn" disabled="">Cancel</button>');
  });

  it("shows what the server holds now when someone saved first, with both ways out", () => {
    const html = render(state({ conflict: { current: { name: "Temu USA", revision: 5 } }, banner: { err: { message: "Someone else changed this store", fieldErrors: {}, conflict: null, code: "CONFLICT" }, unclaimed: [], fieldErrorsLeft: 0 } }));
    expect(html).toContain(
      '<div class="banner warn conflict" role="alert"><div><strong>Someone else saved this store while you were editing.</strong> Now: “Temu USA”.</div><div class="conflict-actions"><button type="button" class="btn">Load their version</button><button type="button" class="btn">Keep mine and save over it</button></div></div>',
    );
    expect(html).not.toContain("Someone else changed this store");
  });

  it("says the item is gone when it no longer exists and the dialog knows how to say so; else shows the error", () => {
    const gone = state({ conflict: { current: null }, banner: { err: { message: "Someone else changed this stock", fieldErrors: {}, conflict: { current: null }, code: "CONFLICT" }, unclaimed: [], fieldErrorsLeft: 0 } });
    const withGone = render(gone, { gone: <>The stock row no longer exists.</> });
    expect(withGone).toContain("Someone else saved this store while you were editing.</strong> The stock row no longer exists.");
    const withoutGone = render(gone);
    expect(withoutGone).toContain('<div class="banner error" role="alert">Someone else changed this stock</div>');
    expect(withoutGone).not.toContain("Load their version");
  });

  it("lists in the banner the errors no field shows, and asks for attention after the browser's own checks", () => {
    const html = render(state({ banner: { err: { message: "Some fields need attention.", fieldErrors: {}, conflict: null, code: "BAD_REQUEST" }, unclaimed: [{ key: "platformShopId", messages: ["too long"] }], fieldErrorsLeft: 1 } }));
    expect(html).toContain("The server could not save this:");
    expect(html).toContain("<li><code>platformShopId</code> too long</li>");
    expect(render(state({ banner: { err: LOCAL_ERROR, unclaimed: [], fieldErrorsLeft: 1 } }))).toContain('<div class="banner error" role="alert">Some fields need attention.</div>');
  });

  it("wraps the banner and the fields in the size class it is given", () => {
    const html = render(state({ banner: { err: LOCAL_ERROR, unclaimed: [], fieldErrorsLeft: 1 } }), { className: "dialog-narrow" });
    expect(html).toContain('<div class="body"><div class="dialog-narrow"><div class="banner error" role="alert">Some fields need attention.</div><input id="st-name"/></div></div>');
  });
});
