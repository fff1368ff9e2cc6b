/**
 * Streams the file out of a `multipart/form-data` body without buffering it: only the current chunk
 * and a boundary-sized tail are held. Enough of RFC 7578 for browser and curl uploads: parts before
 * the file (small form fields) are skipped, the first part with a filename (or named "file") is
 * streamed, and anything after it is left unread.
 */

export interface MultipartFile {
  /** The form field name. */
  name: string;
  /** The file name the client sent, if any. */
  fileName: string | null;
  /** The part's bytes; throws if the body ends before the closing boundary (a truncated upload). */
  content: AsyncGenerator<Uint8Array, void, undefined>;
}

export class MultipartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MultipartError";
  }
}

/** The boundary of a `multipart/form-data` content type, or null when it is not one. */
export function multipartBoundary(contentType: string | null): string | null {
  if (!contentType || !/^multipart\/form-data\s*(;|$)/i.test(contentType.trim())) return null;
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

const MAX_PREAMBLE = 64 * 1024;
const MAX_HEADERS = 16 * 1024;
const CRLF = Buffer.from("\r\n");
const HEADERS_END = Buffer.from("\r\n\r\n");

class Bytes {
  buf: Buffer = Buffer.alloc(0);
  private ended = false;

  constructor(private readonly chunks: AsyncIterator<Uint8Array>) {}

  /** Appends the next chunk; false at the end of the body. */
  async more(): Promise<boolean> {
    if (this.ended) return false;
    const next = await this.chunks.next();
    if (next.done) {
      this.ended = true;
      return false;
    }
    const chunk = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    return true;
  }

  /** Reads until `marker` and drops everything up to and including it; false if the body ends first. */
  async skipPast(marker: Buffer, limit: number | null): Promise<boolean> {
    for (;;) {
      const i = this.buf.indexOf(marker);
      if (i !== -1) {
        this.buf = this.buf.subarray(i + marker.length);
        return true;
      }
      if (limit !== null && this.buf.length > limit) throw new MultipartError("malformed multipart body: boundary not found");
      if (limit === null && this.buf.length > marker.length) this.buf = this.buf.subarray(this.buf.length - marker.length + 1);
      if (!(await this.more())) return false;
    }
  }

  async atLeast(n: number): Promise<boolean> {
    while (this.buf.length < n) if (!(await this.more())) return false;
    return true;
  }

  async close(): Promise<void> {
    await this.chunks.return?.();
  }
}

function dispositionParam(header: string, name: string): string | null {
  const ext = new RegExp(`;\\s*${name}\\*=([^']*)'[^']*'([^;\\s]+)`, "i").exec(header);
  if (ext) {
    try {
      return decodeURIComponent(ext[2]!);
    } catch {
      // fall through to the plain parameter
    }
  }
  const m = new RegExp(`;\\s*${name}="((?:[^"\\\\]|\\\\.)*)"|;\\s*${name}=([^;\\s]+)`, "i").exec(header);
  if (!m) return null;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : (m[2] ?? null);
}

/**
 * Finds the file part of a multipart body and returns it as a stream; null if the body has no file part.
 * Throws MultipartError on a malformed body.
 */
export async function readMultipartFile(body: AsyncIterable<Uint8Array>, boundary: string): Promise<MultipartFile | null> {
  const bytes = new Bytes(body[Symbol.asyncIterator]());
  const dashBoundary = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // The first boundary may open the body without a CRLF before it.
  if (!(await bytes.skipPast(dashBoundary, MAX_PREAMBLE))) throw new MultipartError("malformed multipart body: no boundary");
  for (;;) {
    if (!(await bytes.atLeast(2))) throw new MultipartError("malformed multipart body: ends after a boundary");
    if (bytes.buf[0] === 0x2d && bytes.buf[1] === 0x2d) {
      await bytes.close();
      return null; // closing boundary: no file part
    }
    // Rest of the boundary line (transport padding), then the part's headers.
    if (!(await bytes.skipPast(CRLF, 1024))) throw new MultipartError("malformed multipart body: boundary line not terminated");
    let headerText: string;
    if (bytes.buf.subarray(0, 2).equals(CRLF)) {
      headerText = "";
      bytes.buf = bytes.buf.subarray(2);
    } else {
      for (;;) {
        const end = bytes.buf.indexOf(HEADERS_END);
        if (end !== -1) {
          headerText = bytes.buf.subarray(0, end).toString("utf8");
          bytes.buf = bytes.buf.subarray(end + HEADERS_END.length);
          break;
        }
        if (bytes.buf.length > MAX_HEADERS) throw new MultipartError("malformed multipart body: part headers too long");
        if (!(await bytes.more())) throw new MultipartError("malformed multipart body: part headers not terminated");
      }
    }
    const disposition = headerText.split("\r\n").find((h) => /^content-disposition\s*:/i.test(h)) ?? "";
    const name = dispositionParam(disposition, "name") ?? "";
    const fileName = dispositionParam(disposition, "filename");
    if (fileName !== null || name === "file") return { name, fileName, content: partContent(bytes, delimiter) };
    // A form field before the file: skip it, streaming.
    if (!(await bytes.skipPast(delimiter, null))) throw new MultipartError("malformed multipart body: a part is not terminated");
  }
}

async function* partContent(bytes: Bytes, delimiter: Buffer): AsyncGenerator<Uint8Array, void, undefined> {
  const keep = delimiter.length - 1;
  try {
    for (;;) {
      const i = bytes.buf.indexOf(delimiter);
      if (i !== -1) {
        if (i > 0) yield bytes.buf.subarray(0, i);
        bytes.buf = bytes.buf.subarray(i + delimiter.length);
        return;
      }
      if (bytes.buf.length > keep) {
        const out = bytes.buf.subarray(0, bytes.buf.length - keep);
        bytes.buf = bytes.buf.subarray(bytes.buf.length - keep);
        yield out;
      }
      if (!(await bytes.more())) throw new MultipartError("the upload ended before the file part was complete (truncated upload?)");
    }
  } finally {
    await bytes.close();
  }
}
