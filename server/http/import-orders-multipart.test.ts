import { describe, expect, it } from "vitest";
import { MultipartError, multipartBoundary, readMultipartFile } from "./import-orders-multipart";

/** A real encoder's body (undici's FormData), cut into chunks of `size` bytes. */
async function encoded(form: FormData, size: number): Promise<{ chunks: Uint8Array[]; boundary: string }> {
  const request = new Request("http://x/", { method: "POST", body: form });
  const bytes = new Uint8Array(await request.arrayBuffer());
  const boundary = multipartBoundary(request.headers.get("content-type"))!;
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return { chunks, boundary };
}

async function* iterate(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* chunks;
}

async function text(content: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of content) parts.push(Buffer.from(c));
  return Buffer.concat(parts).toString("utf8");
}

const FILE = 'Name,Notes\n#1,"a ""quoted"" note, with\r\n--a line that looks like a boundary"\n#2,ünïcødé ✓\n';

describe("readMultipartFile", () => {
  it.each([1, 7, 64, 65_536])("streams the file part exactly, skipping fields before it (chunks of %i bytes)", async (size) => {
    const form = new FormData();
    form.append("format", "shopify-csv");
    form.append("file", new Blob([FILE], { type: "text/csv" }), "orders export.csv");
    form.append("after", "ignored");
    const { chunks, boundary } = await encoded(form, size);
    const part = await readMultipartFile(iterate(chunks), boundary);
    expect(part).toMatchObject({ name: "file", fileName: "orders export.csv" });
    expect(await text(part!.content)).toBe(FILE);
  });

  it("returns null when the form has no file part", async () => {
    const form = new FormData();
    form.append("format", "native");
    const { chunks, boundary } = await encoded(form, 5);
    expect(await readMultipartFile(iterate(chunks), boundary)).toBeNull();
  });

  it("fails a truncated upload while streaming", async () => {
    const form = new FormData();
    form.append("file", new Blob(["x".repeat(10_000)]), "big.csv");
    const { chunks, boundary } = await encoded(form, 1_000);
    const part = await readMultipartFile(iterate(chunks.slice(0, 5)), boundary);
    await expect(text(part!.content)).rejects.toThrow(MultipartError);
  });

  it("rejects a body without the boundary", async () => {
    await expect(readMultipartFile(iterate([Buffer.from("just text")]), "XYZ")).rejects.toThrow("no boundary");
  });

  it("reads the boundary and an RFC 5987 file name", async () => {
    expect(multipartBoundary("multipart/form-data; boundary=----abc123")).toBe("----abc123");
    expect(multipartBoundary('multipart/form-data; charset=utf-8; boundary="a b"')).toBe("a b");
    expect(multipartBoundary("text/csv")).toBeNull();
    const body = "--B\r\nContent-Disposition: form-data; name=\"upload\"; filename*=UTF-8''%C3%B6rders.csv\r\n\r\nhello\r\n--B--\r\n";
    const part = await readMultipartFile(iterate([Buffer.from(body)]), "B");
    expect(part).toMatchObject({ name: "upload", fileName: "örders.csv" });
    expect(await text(part!.content)).toBe("hello");
  });
});
