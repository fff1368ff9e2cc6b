/** Order-history import: merchants' export files parsed into ZOrder-valid orders with row-level errors. */
export { API_IMPORT_FORMATS, IMPORT_FORMATS, ZImportFormat, type TApiPlatformFormat, getImportFormat, importOrders, type ImportFormatSpec, type TImportFormat } from "./import-formats";
export type { ImportError, ImportNotice, ImportOptions, ImportResult, ImportSkipped, ImportSource, ImportedOrder, OrderParser, SkuCatalog, SkuCatalogEntry } from "./import-types";
export { parseAmazonJson } from "./parse-amazon-json";
export { parseNative } from "./parse-native";
export { parseShopifyCsv } from "./parse-shopify-csv";
export { parseShopifyJson } from "./parse-shopify-json";
export { parseTiktokCsv } from "./parse-tiktok-csv";
export { parseTiktokJson } from "./parse-tiktok-json";
