"use client";
import { type FieldErrors, errorAt, errorsUnder } from "@/components/ui/form-errors";
import { type BandRow, type ChannelForm, type ZoneRow, listErrors, rowKey, tokens, upperTokens } from "./channel-form";
import { PricePreview } from "./price-preview";

/** A field error under a table cell of the rate card. */
function CellError({ messages }: { messages: string[] | undefined }) {
  return messages ? (
    <div className="cell-error" role="alert">
      {messages.join("; ")}
    </div>
  ) : null;
}

/** The channel's rate card as rows of zones and weight bands, each cell with its own error, and the price preview. */
export function RateCardEditor({ form, set, touch, errors }: { form: ChannelForm; set: (patch: Partial<ChannelForm>) => void; touch: (...paths: string[]) => void; errors: FieldErrors }) {
  const zoneCodes = [...new Set(form.zones.map((z) => z.code.trim()).filter(Boolean))];
  const setZone = (i: number, patch: Partial<ZoneRow>) => {
    touch(...Object.keys(patch).map((k) => `rateCard.zones.${i}.${k}`), "rateCard.bands$");
    const before = form.zones[i]!;
    const zones = form.zones.map((z, j) => (j === i ? { ...z, ...patch } : z));
    // Renaming a zone renames it in its bands too.
    const bands = patch.code !== undefined && before.code.trim() ? form.bands.map((b) => (b.zone === before.code.trim() ? { ...b, zone: patch.code!.trim() } : b)) : form.bands;
    set({ zones, bands });
  };
  const setBand = (i: number, patch: Partial<BandRow>) => {
    touch(...Object.keys(patch).map((k) => `rateCard.bands.${i}.${k}`), ...(patch.zone !== undefined ? ["rateCard.bands$"] : []));
    set({ bands: form.bands.map((b, j) => (j === i ? { ...b, ...patch } : b)) });
  };
  const cardLevel = [...(errorAt(errors, "rateCard") ?? []), ...(errorAt(errors, "rateCard.currency") ?? [])];
  const hasCard = form.zones.length > 0 || form.bands.length > 0;

  return (
    <section className="rate-card" aria-label="Rate card">
      <div className="rate-card-head">
        <div>
          <h3 className="form-section" style={{ margin: 0 }}>
            Rate card
          </h3>
          <p className="muted small" style={{ margin: "2px 0 0" }}>
            Price = fixed + per kg × weight, from the first band of the destination&apos;s zone that covers the weight. Prices in {form.currency || "the channel's currency"}.
          </p>
        </div>
        <div className="field" style={{ width: 150 }}>
          <label htmlFor="rc-round">Round weight up to</label>
          <div className="input-group">
            <input id="rc-round" className="input" inputMode="numeric" value={form.roundUpGrams} onChange={(e) => set({ roundUpGrams: e.target.value })} aria-invalid={!!errorAt(errors, "rateCard.roundUpGrams")} />
            <span className="unit">g</span>
          </div>
          <CellError messages={errorAt(errors, "rateCard.roundUpGrams")} />
        </div>
      </div>
      {cardLevel.length ? (
        <div className="cell-error" role="alert" style={{ marginBottom: 8 }}>
          {cardLevel.join("; ")}
        </div>
      ) : null}
      {!hasCard ? <p className="muted small">No rate card: prices for this channel are unknown. Add a zone and a band to price parcels.</p> : null}

      <div className="rc-block">
        <div className="rc-title">
          <strong>Zones</strong>
          <span className="muted small">A postal-prefix zone wins over a country-wide one.</span>
        </div>
        {form.zones.length ? (
          <table className="data rc-table">
            <thead>
              <tr>
                <th style={{ width: "18%" }}>Zone code</th>
                <th>Countries</th>
                <th style={{ width: "28%" }}>Postal prefixes (optional)</th>
                <th style={{ width: 40 }} />
              </tr>
            </thead>
            <tbody>
              {form.zones.map((z, i) => {
                const p = `rateCard.zones.${i}`;
                return (
                  <tr key={z.key}>
                    <td>
                      <input className="input mono" aria-label={`Zone ${i + 1} code`} value={z.code} onChange={(e) => setZone(i, { code: e.target.value })} aria-invalid={!!errorsUnder(errors, `${p}.code`)} />
                      <CellError messages={errorsUnder(errors, `${p}.code`)} />
                    </td>
                    <td>
                      <input className="input mono" aria-label={`Zone ${i + 1} countries`} placeholder="US, CA" value={z.countries} onChange={(e) => setZone(i, { countries: e.target.value })} aria-invalid={!!errorsUnder(errors, `${p}.countries`)} />
                      <CellError messages={listErrors(errors, `${p}.countries`, upperTokens(z.countries))} />
                    </td>
                    <td>
                      <input className="input mono" aria-label={`Zone ${i + 1} postal prefixes`} placeholder="900, 901" value={z.postalPrefixes} onChange={(e) => setZone(i, { postalPrefixes: e.target.value })} aria-invalid={!!errorsUnder(errors, `${p}.postalPrefixes`)} />
                      <CellError messages={listErrors(errors, `${p}.postalPrefixes`, tokens(z.postalPrefixes))} />
                    </td>
                    <td>
                      <button type="button" className="btn icon" aria-label={`Remove zone ${i + 1}`} title="Remove zone" onClick={() => {
                          touch("rateCard.zones", "rateCard.bands$");
                          set({ zones: form.zones.filter((_, j) => j !== i) });
                        }}>
                        ×
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : null}
        <CellError messages={errorAt(errors, "rateCard.zones")} />
        <button type="button" className="btn small" onClick={() => set({ zones: [...form.zones, { key: rowKey(), code: "", countries: "", postalPrefixes: "" }] })}>
          + Add zone
        </button>
      </div>

      <div className="rc-block">
        <div className="rc-title">
          <strong>Weight bands</strong>
          <span className="muted small">Flat tariffs use per kg 0; per-kilogram lines put the registration fee in fixed.</span>
        </div>
        {form.bands.length ? (
          <table className="data rc-table">
            <thead>
              <tr>
                <th style={{ width: "22%" }}>Zone</th>
                <th>Up to (g)</th>
                <th>Fixed</th>
                <th>Per kg</th>
                <th style={{ width: 40 }} />
              </tr>
            </thead>
            <tbody>
              {form.bands.map((b, i) => {
                const p = `rateCard.bands.${i}`;
                const options = b.zone && !zoneCodes.includes(b.zone) ? [...zoneCodes, b.zone] : zoneCodes;
                return (
                  <tr key={b.key}>
                    <td>
                      <select className="select" aria-label={`Band ${i + 1} zone`} value={b.zone} onChange={(e) => setBand(i, { zone: e.target.value })} aria-invalid={!!errorsUnder(errors, `${p}.zone`) || (!!b.zone && !zoneCodes.includes(b.zone))}>
                        <option value="">Choose…</option>
                        {options.map((c) => (
                          <option key={c} value={c}>
                            {c}
                            {zoneCodes.includes(c) ? "" : " (no such zone)"}
                          </option>
                        ))}
                      </select>
                      <CellError messages={errorsUnder(errors, `${p}.zone`)} />
                    </td>
                    <td>
                      <input className="input" inputMode="numeric" aria-label={`Band ${i + 1} up to grams`} value={b.upToGrams} onChange={(e) => setBand(i, { upToGrams: e.target.value })} aria-invalid={!!errorsUnder(errors, `${p}.upToGrams`)} />
                      <CellError messages={errorsUnder(errors, `${p}.upToGrams`)} />
                    </td>
                    <td>
                      <input className="input" inputMode="decimal" aria-label={`Band ${i + 1} fixed`} value={b.fixed} onChange={(e) => setBand(i, { fixed: e.target.value })} aria-invalid={!!errorsUnder(errors, `${p}.fixed`)} />
                      <CellError messages={errorsUnder(errors, `${p}.fixed`)} />
                    </td>
                    <td>
                      <input className="input" inputMode="decimal" aria-label={`Band ${i + 1} per kg`} placeholder="0" value={b.perKg} onChange={(e) => setBand(i, { perKg: e.target.value })} aria-invalid={!!errorsUnder(errors, `${p}.perKg`)} />
                      <CellError messages={errorsUnder(errors, `${p}.perKg`)} />
                    </td>
                    <td>
                      <button type="button" className="btn icon" aria-label={`Remove band ${i + 1}`} title="Remove band" onClick={() => {
                          touch("rateCard.bands");
                          set({ bands: form.bands.filter((_, j) => j !== i) });
                        }}>
                        ×
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : null}
        <CellError messages={errorAt(errors, "rateCard.bands")} />
        <button
          type="button"
          className="btn small"
          onClick={() => {
            const last = form.bands.at(-1);
            set({ bands: [...form.bands, { key: rowKey(), zone: last?.zone ?? zoneCodes[0] ?? "", upToGrams: "", fixed: "", perKg: "0" }] });
          }}
        >
          + Add band
        </button>
      </div>

      {hasCard ? <PricePreview form={form} /> : null}
    </section>
  );
}
