"use client";
import { useState } from "react";
import { ZRateCard, findZone, priceParcel } from "@/rules-schema/context/rate-card";
import { type ChannelForm, fmtMoney, gramsOf, rateCardOf, upperTokens } from "./channel-form";

/** Prices a parcel with the card as typed, in the browser, with the same function routing uses. */
export function PricePreview({ form }: { form: ChannelForm }) {
  const firstCountry = upperTokens(form.zones[0]?.countries ?? "")[0] ?? "";
  const [typedCountry, setCountry] = useState("");
  const country = typedCountry || firstCountry;
  const [postal, setPostal] = useState("");
  const [weight, setWeight] = useState("500");
  const parsed = ZRateCard.safeParse(rateCardOf(form, {}));
  const grams = Number(weight);
  const maxGrams = gramsOf(form);
  let result: React.ReactNode;
  if (!parsed.success) {
    result = <span className="muted">Complete the rate card to preview prices.</span>;
  } else if (!/^[A-Z]{2}$/.test(country)) {
    result = <span className="muted">Enter a destination country.</span>;
  } else if (!Number.isFinite(grams) || grams <= 0) {
    result = <span className="muted">Enter a weight in grams.</span>;
  } else {
    const zone = findZone(parsed.data, country, postal);
    const price = priceParcel(parsed.data, country, postal, grams);
    if (zone === null) result = <span className="badge amber">No zone serves {country}{postal ? ` ${postal}` : ""}</span>;
    else if (price === null) result = <span className="badge amber">No band of zone {zone} covers {grams.toLocaleString()} g</span>;
    else
      result = (
        <>
          <span className="muted">Zone {zone} →</span> <strong className="price" data-testid="preview-price">{fmtMoney(price, parsed.data.currency)}</strong>
          {maxGrams !== null && grams > maxGrams ? <span className="badge red" style={{ marginLeft: 8 }}>Over the channel&apos;s max weight</span> : null}
        </>
      );
  }
  return (
    <div className="price-preview" aria-label="Price a parcel">
      <strong>Price a parcel</strong>
      <input className="input mono" style={{ width: 64 }} aria-label="Preview country" placeholder={firstCountry || "Country"} maxLength={2} value={typedCountry} onChange={(e) => setCountry(e.target.value.toUpperCase())} />
      <input className="input" style={{ width: 110 }} aria-label="Preview postal code" placeholder="Postal code" value={postal} onChange={(e) => setPostal(e.target.value)} />
      <div className="input-group" style={{ width: 120 }}>
        <input className="input" inputMode="numeric" aria-label="Preview weight in grams" value={weight} onChange={(e) => setWeight(e.target.value)} />
        <span className="unit">g</span>
      </div>
      <span className="preview-result" aria-live="polite">
        {result}
      </span>
    </div>
  );
}
