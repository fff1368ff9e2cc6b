/**
 * A small, safe renderer for the markdown the OpenAPI descriptions use: `inline code`, **bold**,
 * *italics* (or _italics_), [links](https://…), paragraphs (blank lines) and bullet lists (`- item`).
 * It builds React elements — text is escaped by React, nothing is injected as HTML — and a link only
 * keeps its target when that is http(s), mailto or a path on this site; anything else renders as text.
 */
import { Fragment, type ReactNode } from "react";

/** Inline markup, leftmost first; at one position the alternatives are tried in this order. */
const INLINE = /`([^`]+)`|\*\*(.+?)\*\*|\[([^\]]+)\]\(([^()\s]+)\)|\*([^*\s](?:[^*]*[^*\s])?)\*|(?<![A-Za-z0-9_])_([^_\s](?:[^_]*[^_\s])?)_(?![A-Za-z0-9_])/g;

/** A link target this page may point to: http(s), mailto, a path or an anchor on this site. */
export function safeHref(href: string): string | null {
  if (/^(https?:\/\/|mailto:)/i.test(href)) return href;
  if (/^\/(?!\/)/.test(href) || href.startsWith("#")) return href;
  return null;
}

/** The inline markup of one paragraph or list item as React nodes. */
export function renderInline(text: string, keyPrefix = "i"): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    const at = m.index;
    if (at > last) out.push(text.slice(last, at));
    const key = `${keyPrefix}.${at}`;
    const [, code, bold, linkText, href, star, underscore] = m;
    if (code !== undefined) out.push(<code key={key}>{code}</code>);
    else if (bold !== undefined) out.push(<strong key={key}>{renderInline(bold, key)}</strong>);
    else if (linkText !== undefined) {
      const target = safeHref(href!);
      out.push(
        target ? (
          <a key={key} href={target} {...(/^https?:/i.test(target) ? { rel: "noreferrer" } : {})}>
            {renderInline(linkText, key)}
          </a>
        ) : (
          <Fragment key={key}>{renderInline(linkText, key)}</Fragment>
        ),
      );
    } else out.push(<em key={key}>{renderInline((star ?? underscore)!, key)}</em>);
    last = at + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

type Block = { kind: "p"; text: string } | { kind: "ul"; items: string[] };

const BULLET = /^\s*[-*+]\s+/;

/** Paragraphs (separated by blank lines; lines within one are joined) and bullet lists (consecutive `- ` lines). */
export function parseBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const endParagraph = () => {
    if (paragraph.length > 0) blocks.push({ kind: "p", text: paragraph.join(" ") });
    paragraph = [];
  };
  for (const line of text.replace(/\r\n?/g, "\n").split("\n")) {
    if (line.trim() === "") {
      endParagraph();
      continue;
    }
    if (BULLET.test(line)) {
      endParagraph();
      const item = line.replace(BULLET, "").trim();
      const previous = blocks.at(-1);
      if (previous?.kind === "ul") previous.items.push(item);
      else blocks.push({ kind: "ul", items: [item] });
      continue;
    }
    const previous = blocks.at(-1);
    // An indented line right after a list item continues that item.
    if (paragraph.length === 0 && previous?.kind === "ul" && /^\s+/.test(line)) {
      previous.items[previous.items.length - 1] += ` ${line.trim()}`;
      continue;
    }
    paragraph.push(line.trim());
  }
  endParagraph();
  return blocks;
}

/**
 * A description as React elements. `inline`: a text of one paragraph renders without a `<p>` around it
 * (for table cells and sentences); several paragraphs or a list render as blocks either way.
 */
export function Markdown({ text, inline = false, className }: { text: string; inline?: boolean; className?: string }) {
  const blocks = parseBlocks(text);
  if (inline && blocks.length === 1 && blocks[0]!.kind === "p") return <span className={className}>{renderInline(blocks[0]!.text)}</span>;
  return (
    <div className={className}>
      {blocks.map((b, i) =>
        b.kind === "p" ? (
          <p key={i} style={{ margin: i === blocks.length - 1 ? 0 : "0 0 8px" }}>
            {renderInline(b.text, `b${i}`)}
          </p>
        ) : (
          <ul key={i} style={{ margin: i === blocks.length - 1 ? 0 : "0 0 8px", paddingLeft: 20 }}>
            {b.items.map((item, j) => (
              <li key={j}>{renderInline(item, `b${i}.${j}`)}</li>
            ))}
          </ul>
        ),
      )}
    </div>
  );
}
