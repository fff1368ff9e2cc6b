/** The reference page's markdown renderer: the subset the OpenAPI descriptions use, as React elements, and nothing unsafe. */
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown, parseBlocks, safeHref } from "./markdown";

const html = (text: string, inline = false) => renderToStaticMarkup(<Markdown text={text} inline={inline} />);

describe("Markdown", () => {
  it("renders inline code, bold, italics and links", () => {
    expect(html("Send `Authorization: Bearer sy_live_…` **once**, *then* _again_; see [the docs](https://example.com/api).", true)).toBe(
      '<span>Send <code>Authorization: Bearer sy_live_…</code> <strong>once</strong>, <em>then</em> <em>again</em>; see <a href="https://example.com/api" rel="noreferrer">the docs</a>.</span>',
    );
    expect(html("**bold with `code` inside**", true)).toBe("<span><strong>bold with <code>code</code> inside</strong></span>");
    expect(html("[keys](/api-keys) and [schema](#schema-Order)", true)).toBe('<span><a href="/api-keys">keys</a> and <a href="#schema-Order">schema</a></span>');
  });

  it("keeps markup inside code as it is, and leaves snake_case, globs and lone stars alone", () => {
    expect(html("`**not bold**` and `[not](a link)`", true)).toBe("<span><code>**not bold**</code> and <code>[not](a link)</code></span>");
    expect(html("line_items and refund_line_items, 2 * 3 = 6", true)).toBe("<span>line_items and refund_line_items, 2 * 3 = 6</span>");
  });

  it("renders paragraphs and bullet lists as blocks", () => {
    expect(html("First paragraph\ncontinues here.\n\n- one `a`\n- two\n  more of two\n\nLast.")).toBe(
      '<div><p style="margin:0 0 8px">First paragraph continues here.</p><ul style="margin:0 0 8px;padding-left:20px"><li>one <code>a</code></li><li>two more of two</li></ul><p style="margin:0">Last.</p></div>',
    );
    expect(parseBlocks("Intro:\n* a\n* b")).toEqual([
      { kind: "p", text: "Intro:" },
      { kind: "ul", items: ["a", "b"] },
    ]);
  });

  it("never injects HTML and drops unsafe link targets", () => {
    const out = html('<img src=x onerror="alert(1)"> [click](javascript:alert) [data](data:text/html,hi) [proto](//evil.example)', true);
    expect(out).not.toContain("<img");
    expect(out).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(out).not.toContain("href");
    expect(out).not.toContain("javascript:");
    expect([safeHref("https://a.example"), safeHref("mailto:x@y.z"), safeHref("/p"), safeHref("#x"), safeHref("javascript:x"), safeHref("//evil")]).toEqual([
      "https://a.example",
      "mailto:x@y.z",
      "/p",
      "#x",
      null,
      null,
    ]);
  });
});
