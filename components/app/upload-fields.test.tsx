/** The store, format, time-zone and currency fields both upload forms share (order imports, a simulation's file). */
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { type ImportFormatOption, type UploadField, type UploadStore, UploadFields, checkUploadFields, formatAfterStore, orderFormats, uploadSettings, useUploadFields } from "./upload-fields";

const FORMATS: ImportFormatOption[] = [
  { id: "native", label: "Switchyard NDJSON", extensions: ["ndjson", "jsonl"], platform: null, needsTimeZone: false, needsCurrency: false },
  { id: "shopify-csv", label: "Shopify orders CSV", extensions: ["csv"], platform: "shopify", needsTimeZone: false, needsCurrency: false },
  { id: "tiktok-csv", label: "TikTok Seller Center CSV", extensions: ["csv"], platform: "tiktok", needsTimeZone: true, needsCurrency: true },
];
const STORES: UploadStore[] = [
  { id: "s-shopify", name: "Shopify", platform: "shopify" },
  { id: "s-tiktok", name: "TikTok Shop US", platform: "tiktok" },
];
const tiktok = FORMATS[2]!;

describe("orderFormats", () => {
  it("offers the store's platform's formats and the platform-free ones first", () => {
    const { matching, other } = orderFormats(FORMATS, STORES[0]);
    expect(matching.map((f) => f.id)).toEqual(["native", "shopify-csv"]);
    expect(other.map((f) => f.id)).toEqual(["tiktok-csv"]);
    expect(orderFormats(FORMATS, undefined)).toEqual({ matching: FORMATS, other: [] });
  });
});

describe("formatAfterStore", () => {
  it("follows the store's platform until the user picks a format", () => {
    expect(formatAfterStore(FORMATS, "native", false, STORES[1])).toBe("tiktok-csv");
    expect(formatAfterStore(FORMATS, "native", true, STORES[1])).toBe("native");
    expect(formatAfterStore(FORMATS, "tiktok-csv", false, STORES[1])).toBe("tiktok-csv");
    expect(formatAfterStore(FORMATS, "native", false, undefined)).toBe("native");
    expect(formatAfterStore(FORMATS, "native", false, { id: "s-x", name: "Other", platform: "other" })).toBe("native");
  });
});

describe("checkUploadFields and uploadSettings", () => {
  it("asks for a store and a format, and a currency of three letters where one is typed", () => {
    expect(checkUploadFields({ storeId: "", format: undefined, currency: "" })).toEqual({ storeId: "Choose the store the orders belong to", format: "Choose the file’s format" });
    expect(checkUploadFields({ storeId: "s-tiktok", format: tiktok, currency: "US" })).toEqual({ currency: "Three letters, e.g. USD" });
    expect(checkUploadFields({ storeId: "s-tiktok", format: tiktok, currency: "" })).toEqual({});
    expect(checkUploadFields({ storeId: "s-tiktok", format: FORMATS[0], currency: "US" })).toEqual({});
  });

  it("sends the time zone and the currency (upper case) only for formats that need them", () => {
    expect(uploadSettings({ storeId: "s-tiktok", formatId: "tiktok-csv", format: tiktok, timeZone: "Asia/Shanghai", currency: "usd" })).toEqual({ format: "tiktok-csv", storeId: "s-tiktok", timeZone: "Asia/Shanghai", currency: "USD" });
    expect(uploadSettings({ storeId: "s-tiktok", formatId: "tiktok-csv", format: tiktok, timeZone: "Asia/Shanghai", currency: "" })).toEqual({ format: "tiktok-csv", storeId: "s-tiktok", timeZone: "Asia/Shanghai" });
    expect(uploadSettings({ storeId: "s-shopify", formatId: "native", format: FORMATS[0], timeZone: "Asia/Shanghai", currency: "USD" })).toEqual({ format: "native", storeId: "s-shopify" });
  });
});

function Form({ idPrefix, formatId, errors = {}, storeHint }: { idPrefix: string; formatId?: string; errors?: Partial<Record<UploadField, string[]>>; storeHint?: string }) {
  const fields = useUploadFields(FORMATS, { data: { items: STORES }, isLoading: false });
  const shown = formatId ? { ...fields, formatId, format: FORMATS.find((f) => f.id === formatId) } : fields;
  return <UploadFields idPrefix={idPrefix} fields={shown} busy={false} errors={errors} storeHint={storeHint} />;
}

/** Each label's text by the id of the control it names. */
const labels = (html: string) => Object.fromEntries([...html.matchAll(/<label for="([^"]+)">([^<]+)<\/label>/g)].map((m) => [m[1], m[2]]));

describe("UploadFields", () => {
  it("labels its fields as both forms did, with ids from the prefix", () => {
    const html = renderToStaticMarkup(<Form idPrefix="sim-upload" formatId="tiktok-csv" />);
    expect(labels(html)).toEqual({ "sim-upload-store": "Store", "sim-upload-format": "Format", "sim-upload-tz": "Time zone of the file", "sim-upload-currency": "Currency" });
    expect(html).toContain('<option value="" selected="">Choose a store</option><option value="s-shopify">Shopify · Shopify</option><option value="s-tiktok">TikTok Shop US · TikTok Shop</option>');
    expect(html).toContain('<span class="hint">A .csv file</span>');
    expect(html).toContain('placeholder="USD" maxLength="3"');
  });

  it("shows the time zone and currency only for formats that need them", () => {
    const html = renderToStaticMarkup(<Form idPrefix="import" />);
    expect(labels(html)).toEqual({ "import-store": "Store", "import-format": "Format" });
    expect(html).toContain('<span class="hint">A .ndjson / .jsonl file</span>');
  });

  it("shows each field's error under it, and the store hint it is given", () => {
    const html = renderToStaticMarkup(<Form idPrefix="import" formatId="tiktok-csv" errors={{ storeId: ["Choose the store the orders belong to"], currency: ["Three letters, e.g. USD"] }} storeHint="The store the file's orders come from" />);
    expect(html).toContain('<span class="error" role="alert" id="import-store-error">Choose the store the orders belong to</span>');
    expect(html).toContain('<span class="error" role="alert" id="import-currency-error">Three letters, e.g. USD</span>');
    expect(html).toContain('id="import-store" class="select" aria-invalid="true"');
    expect(renderToStaticMarkup(<Form idPrefix="sim-upload" storeHint="The store the file's orders come from" />)).toContain("The store the file&#x27;s orders come from");
  });
});
