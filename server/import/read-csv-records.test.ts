import { describe, expect, it } from "vitest";
import { collect } from "../testing/import-test-helpers";
import { CsvSyntaxError, readCsvRecords, readCsvRows } from "./read-csv-records";

async function records(chunks: Array<string | Uint8Array>) {
  const out: Array<[number, string[]]> = [];
  for await (const r of readCsvRecords(chunks)) out.push([r.row, r.values]);
  return out;
}

describe("readCsvRecords", () => {
  it.each([
    ["plain LF rows", "a,b\n1,2\n", [[1, ["a", "b"]], [2, ["1", "2"]]]],
    ["CRLF rows", "a,b\r\n1,2\r\n", [[1, ["a", "b"]], [2, ["1", "2"]]]],
    ["no final newline", "a,b\n1,2", [[1, ["a", "b"]], [2, ["1", "2"]]]],
    ["a BOM", "\uFEFFa,b\n1,2\n", [[1, ["a", "b"]], [2, ["1", "2"]]]],
    ["empty fields", "a,,c\n,,\n", [[1, ["a", "", "c"]], [2, ["", "", ""]]]],
    ["a quoted comma", 'a,"b,c"\n', [[1, ["a", "b,c"]]]],
    ["doubled quotes", '"say ""hi""",x\n', [[1, ['say "hi"', "x"]]]],
    ["a newline inside quotes", 'a,"line 1\nline 2"\nnext,row\n', [[1, ["a", "line 1\nline 2"]], [2, ["next", "row"]]]],
    ["a CRLF inside quotes", '"x\r\ny",z\r\n', [[1, ["x\r\ny", "z"]]]],
    ["an empty quoted field", '"",a\n', [[1, ["", "a"]]]],
    ["blank lines, counted but not yielded", "a\n\nb\n", [[1, ["a"]], [3, ["b"]]]],
    ["a stray quote inside an unquoted field, kept", 'ab"c,d\n', [[1, ['ab"c', "d"]]]],
    ["text after a closing quote, kept", '"ab"c,d\n', [[1, ["abc", "d"]]]],
    ["a quoted field at end of file", 'a,"b"', [[1, ["a", "b"]]]],
  ])("reads %s", async (_name, text, expected) => {
    expect(await records([text])).toEqual(expected);
  });

  it("gives the same records however the bytes are chunked", async () => {
    const text = '\uFEFFName,Notes,Price\r\n#1,"Leave at the ""side"" door,\r\nnot the front — thanks ✓",14.00\r\n#2,"",3\r\n\r\n#3,plain,"1,299.00"';
    const bytes = new TextEncoder().encode(text);
    const whole = await records([bytes]);
    expect(whole).toEqual([
      [1, ["Name", "Notes", "Price"]],
      [2, ["#1", 'Leave at the "side" door,\r\nnot the front — thanks ✓', "14.00"]],
      [3, ["#2", "", "3"]],
      [5, ["#3", "plain", "1,299.00"]],
    ]);
    for (let size = 1; size <= 9; size++) {
      const chunks: Uint8Array[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
      expect(await records(chunks), `chunks of ${size} bytes`).toEqual(whole);
    }
    // And split as text at every position.
    for (let cut = 0; cut <= text.length; cut++) {
      expect(await records([text.slice(0, cut), text.slice(cut)]), `cut at ${cut}`).toEqual(whole);
    }
  });

  it("throws a CsvSyntaxError for a quote that is never closed", async () => {
    await expect(records(['a,b\n1,"open\n2,3\n'])).rejects.toThrow(CsvSyntaxError);
    await expect(records(['a,b\n1,"open\n2,3\n'])).rejects.toThrow("the quoted field opened in the record starting at row 2 is never closed");
  });
});

describe("readCsvRows", () => {
  it("addresses values by header, case-insensitively, trimmed of the tabs exports pad ids with", async () => {
    const rows = await collect(readCsvRows(["Order ID,Seller SKU\n576461413038785752\t, SKU-1 \n"]));
    expect(rows.map((r) => [r.row, r.get("order id"), r.get("Seller SKU"), r.get("Missing"), r.has("Missing")])).toEqual([[2, "576461413038785752", "SKU-1", "", false]]);
  });
});
