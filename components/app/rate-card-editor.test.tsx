/** The rate card editor shows each server error under its cell, and the preview prices a parcel with the card as typed. */
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { type ChannelForm, EMPTY_CHANNEL } from "./channel-form";
import { PricePreview } from "./price-preview";
import { RateCardEditor } from "./rate-card-editor";

const form: ChannelForm = {
  ...EMPTY_CHANNEL,
  maxWeight: "2",
  zones: [{ key: "z1", code: "NA", countries: "US CA", postalPrefixes: "" }],
  bands: [{ key: "b1", zone: "NA", upToGrams: "2000", fixed: "4.2", perKg: "9.5" }],
};
const noop = () => undefined;

describe("RateCardEditor", () => {
  it("shows a server error under its cell and marks the input", () => {
    const html = renderToStaticMarkup(<RateCardEditor form={{ ...form, bands: [{ ...form.bands[0]!, upToGrams: "0" }] }} set={noop} touch={noop} errors={{ "rateCard.bands.0.upToGrams": ["Must be more than 0"] }} />);
    expect(html).toContain('aria-label="Band 1 up to grams" aria-invalid="true" value="0"/><div class="cell-error" role="alert">Must be more than 0</div>');
    expect(html).toContain('aria-label="Zone 1 code" aria-invalid="false" value="NA"');
    expect(html.match(/<button type="button" class="btn small">[^<]*<\/button>/g)).toEqual(['<button type="button" class="btn small">+ Add zone</button>', '<button type="button" class="btn small">+ Add band</button>']);
  });

  it("names the typed country of a list error, and flags a band of a zone that does not exist", () => {
    const html = renderToStaticMarkup(
      <RateCardEditor form={{ ...form, zones: [{ ...form.zones[0]!, countries: "US USA" }], bands: [{ ...form.bands[0]!, zone: "EU" }] }} set={noop} touch={noop} errors={{ "rateCard.zones.0.countries.1": ["must be an ISO country code"] }} />,
    );
    expect(html).toContain("“USA”: must be an ISO country code");
    expect(html).toContain("EU (no such zone)");
  });

  it("says there is no rate card without zones and bands, and offers no preview then", () => {
    const html = renderToStaticMarkup(<RateCardEditor form={EMPTY_CHANNEL} set={noop} touch={noop} errors={{}} />);
    expect(html).toContain("No rate card: prices for this channel are unknown.");
    expect(html).not.toContain("Price a parcel");
  });
});

describe("PricePreview", () => {
  it("prices 500 g to the first zone's first country: 4.20 + 9.50 × 0.5 kg", () => {
    const html = renderToStaticMarkup(<PricePreview form={form} />);
    expect(html).toContain('placeholder="US"');
    expect(html).toContain("Zone NA →");
    expect(html).toMatch(/data-testid="preview-price">[^<]*8\.95</);
  });

  it("asks for a card the schema accepts", () => {
    const html = renderToStaticMarkup(<PricePreview form={{ ...form, bands: [{ ...form.bands[0]!, upToGrams: "0" }] }} />);
    expect(html).toContain("Complete the rate card to preview prices.");
  });
});
