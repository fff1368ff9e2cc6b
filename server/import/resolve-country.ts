/**
 * Country names and codes as merchants' exports write them, resolved to ISO-3166-1 alpha-2.
 * The name table is built once from the runtime's ICU data (every assigned alpha-2 code with its
 * English long and short names) plus the spellings marketplaces use that ICU does not.
 */

/** ISO-3166 user-assigned code used for a missing or unrecognised country (the address is then invalid). */
export const UNKNOWN_COUNTRY = "ZZ";

const ALIASES: Record<string, string> = {
  usa: "US",
  "united states of america": "US",
  america: "US",
  uk: "GB",
  "great britain": "GB",
  england: "GB",
  scotland: "GB",
  wales: "GB",
  "northern ireland": "GB",
  "republic of korea": "KR",
  korea: "KR",
  "korea, republic of": "KR",
  "mainland china": "CN",
  "people's republic of china": "CN",
  prc: "CN",
  "hong kong": "HK",
  "hong kong sar": "HK",
  macau: "MO",
  macao: "MO",
  "macao sar": "MO",
  taiwan: "TW",
  "taiwan, province of china": "TW",
  russia: "RU",
  "russian federation": "RU",
  vietnam: "VN",
  "viet nam": "VN",
  turkey: "TR",
  turkiye: "TR",
  "czech republic": "CZ",
  czechia: "CZ",
  holland: "NL",
  "the netherlands": "NL",
  uae: "AE",
  "u.a.e.": "AE",
  "ivory coast": "CI",
  "cote d'ivoire": "CI",
  "south africa": "ZA",
  "saudi arabia": "SA",
  "u.s.": "US",
  "u.s.a.": "US",
  "u.k.": "GB",
  deutschland: "DE",
  "espana": "ES",
  "brasil": "BR",
  "mexico": "MX",
};

/** Common ISO-3166 alpha-3 codes (exports of some marketplaces and ERPs use them). */
const ALPHA3: Record<string, string> = {
  USA: "US", GBR: "GB", CAN: "CA", AUS: "AU", NZL: "NZ", DEU: "DE", FRA: "FR", ITA: "IT", ESP: "ES", NLD: "NL",
  BEL: "BE", AUT: "AT", CHE: "CH", SWE: "SE", NOR: "NO", DNK: "DK", FIN: "FI", IRL: "IE", PRT: "PT", POL: "PL",
  CZE: "CZ", HUN: "HU", ROU: "RO", GRC: "GR", TUR: "TR", RUS: "RU", UKR: "UA", ISR: "IL", ARE: "AE", SAU: "SA",
  CHN: "CN", HKG: "HK", MAC: "MO", TWN: "TW", JPN: "JP", KOR: "KR", SGP: "SG", MYS: "MY", THA: "TH", VNM: "VN",
  PHL: "PH", IDN: "ID", IND: "IN", PAK: "PK", BRA: "BR", MEX: "MX", ARG: "AR", CHL: "CL", COL: "CO", PER: "PE",
  ZAF: "ZA", EGY: "EG", NGA: "NG", KEN: "KE", MAR: "MA",
};

/** Fold case, accents and punctuation variants so "Côte d’Ivoire" and "cote d'ivoire" meet. */
function normalizeName(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[\u2018\u2019`]/g, "'")
    .replace(/\s*&\s*/g, " and ")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

/** Region codes ICU knows that are not ISO-3166-1 assignments (reserved or user-assigned). */
const NOT_ISO = new Set(["AC", "CP", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UK", "UN", "ZZ"]);

let assigned: Set<string> | null = null;
let byName: Map<string, string> | null = null;

function tables(): { assigned: Set<string>; byName: Map<string, string> } {
  if (assigned && byName) return { assigned, byName };
  assigned = new Set();
  byName = new Map();
  const long = new Intl.DisplayNames(["en"], { type: "region", style: "long" });
  const short = new Intl.DisplayNames(["en"], { type: "region", style: "short" });
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const name = long.of(code);
      // ICU echoes unassigned codes back; skip those and the user-assigned/exceptional ranges.
      if (!name || name === code || NOT_ISO.has(code) || code.startsWith("X")) continue;
      assigned.add(code);
      byName.set(normalizeName(name), code);
      const shortName = short.of(code);
      if (shortName && shortName !== code) byName.set(normalizeName(shortName), code);
      // "Hong Kong SAR China" → also "Hong Kong"; "Myanmar (Burma)" → also "Myanmar".
      const stripped = name.replace(/\s*\(.*\)$/, "").replace(/ SAR China$/, "");
      if (stripped !== name) byName.set(normalizeName(stripped), code);
    }
  }
  for (const [alias, code] of Object.entries(ALIASES)) byName.set(normalizeName(alias), code);
  return { assigned, byName };
}

/**
 * Resolves an alpha-2 code (any case), a common alpha-3 code, or an English country name.
 * Returns null for an empty or unrecognised value.
 */
export function resolveCountry(text: string | null | undefined): string | null {
  const value = (text ?? "").trim();
  if (value === "") return null;
  const t = tables();
  if (/^[A-Za-z]{2}$/.test(value)) {
    const code = value.toUpperCase();
    if (code === "UK") return "GB";
    return t.assigned.has(code) ? code : null;
  }
  if (/^[A-Za-z]{3}$/.test(value)) {
    const code = ALPHA3[value.toUpperCase()];
    if (code) return code;
  }
  return t.byName.get(normalizeName(value)) ?? null;
}

/**
 * Countries whose carriers need a postal code: an address there without one is not shippable as is.
 * Left out on purpose: markets whose carriers route by province/district/ward and whose marketplace
 * addresses usually carry no postcode — Vietnam, Indonesia, the Philippines, Pakistan, Chile (TikTok
 * Shop sends Vietnamese and Indonesian addresses with an empty postal_code) — and the countries
 * without postal codes at all (Hong Kong, the UAE, Ireland's optional Eircode, …).
 */
const POSTAL_CODE_REQUIRED = new Set([
  "US", "CA", "MX", "BR", "AR", "GB", "DE", "FR", "IT", "ES", "PT", "NL", "BE", "LU", "AT", "CH", "DK", "SE",
  "NO", "FI", "IS", "PL", "CZ", "SK", "HU", "RO", "BG", "GR", "HR", "SI", "EE", "LV", "LT", "RU", "UA", "TR", "IL",
  "SA", "IN", "CN", "TW", "JP", "KR", "SG", "MY", "TH", "AU", "NZ", "ZA",
]);

export function requiresPostalCode(country: string): boolean {
  return POSTAL_CODE_REQUIRED.has(country);
}
