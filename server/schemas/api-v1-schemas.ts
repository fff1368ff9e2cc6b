/**
 * Request and response shapes of the public HTTP API (v1): the live router, decision look-ups and the
 * evaluate API. The OpenAPI document (server/live-router/build-openapi.ts) is generated from these.
 */
import { z } from "zod";
import { MAX_SUITE_CASES, ZTestCase } from "@/rules-schema/suites/suite-schema";
import { API_IMPORT_FORMATS, type TApiPlatformFormat } from "../import/import-formats";
import { STAGES, ZDecision, ZOrder, ZTrace } from "@/rules-schema";

/** Largest request bodies: one order, and a batch. */
export const MAX_SINGLE_BODY_BYTES = 1024 * 1024;
export const MAX_BATCH_BODY_BYTES = 10 * 1024 * 1024;
/** Most orders in one `route:batch` or `evaluate` request. */
export const MAX_BATCH_ORDERS = 1000;

/** `native` (our order model) and each platform format of the import registry that the API reads. */
export const API_ORDER_FORMATS = ["native", ...API_IMPORT_FORMATS.map((f) => f.api)] as ["native", ...TApiPlatformFormat[]];
export const ZApiOrderFormat = z.enum(API_ORDER_FORMATS);
export type TApiOrderFormat = z.infer<typeof ZApiOrderFormat>;

/** Query of the route endpoints: `format` other than native needs the store the order belongs to. */
export const ZRouteQuery = z
  .object({
    format: ZApiOrderFormat.default("native"),
    storeId: z.string().min(1).max(100).optional(),
    trace: z.enum(["true", "false"]).default("false"),
  })
  .refine((q) => q.format === "native" || q.storeId !== undefined, { path: ["storeId"], message: "storeId is required with format shopify, tiktok or amazon" });

// ---------------------------------------------------------------------------------------------------
// Platform order bodies (format shopify, tiktok, amazon). Documentation only: the body is read by the
// platform's importer (server/import/parse-*-json.ts), which checks it; these schemas name the fields that
// importer reads, as the platforms' API references name them. Every object allows more fields (the
// platforms send many more), so an order as the API returns it validates as it is.

const str = (description: string) => z.string().nullable().optional().meta({ description });
const int = (description: string) => z.number().int().nullable().optional().meta({ description });
const bool = (description: string) => z.boolean().nullable().optional().meta({ description });
/** Platform ids: Shopify's are JSON integers, TikTok's and Amazon's strings. */
const idOf = (description: string) => z.union([z.string(), z.number().int()]).nullable().optional().meta({ description });
/** Amounts: the platforms send decimal strings (`"199.00"`); a JSON number is read too. */
const amount = (description: string) => z.union([z.string(), z.number()]).nullable().optional().meta({ description });
/** A nested object the importer reads some fields of; absent or null reads as empty. */
const obj = (shape: z.ZodRawShape, description: string) => z.looseObject(shape).nullable().optional().meta({ description });
const list = (item: z.ZodType, description: string) => z.array(item).nullable().optional().meta({ description });

export const ZShopifyLineItem = z
  .looseObject({
    id: idOf("Line item id (matched with `refunds[].refund_line_items[].line_item_id`)"),
    sku: str("The variant's SKU: becomes the line's `platformSku`. When empty, `variant_id`, `product_id`, `title` or `name` stands in, with a notice"),
    variant_id: idOf("Product variant id"),
    product_id: idOf("Product id"),
    title: str("Product title"),
    name: str("Product and variant title, e.g. `IPod Nano - 8gb - green`"),
    quantity: z.number().int().meta({ description: "Units ordered" }),
    current_quantity: int("Units left after removals and refunds (REST 2024-01 and later): what is routed. Without it, `quantity` minus the refunded units"),
    price: z.union([z.string(), z.number()]).meta({ description: 'Price of one unit before discounts, e.g. `"199.00"`' }),
    total_discount: amount("Discount on the whole line (older API versions)"),
    discount_allocations: list(z.looseObject({ amount: amount("Discount amount") }), "Discounts on the line; their sum is taken off the line's price"),
    grams: int("Weight of one unit in grams: the line's `weightGrams` unless the SKU catalog says otherwise"),
    requires_shipping: bool("`false`: a digital item, not routed"),
    gift_card: bool("`true`: a gift card, not routed"),
  })
  .meta({ description: "A line item of a Shopify order (`line_items[]`)" });

export const ZShopifyOrder = z
  .looseObject({
    id: idOf("Order id: the `externalId` when the order has no `name`"),
    name: str("Order name, e.g. `#1001`: becomes the order's `externalId`"),
    created_at: z.string().meta({ description: "When the order was created (ISO-8601 with offset): `createdAt`" }),
    processed_at: str("When the order was processed: `paidAt` of a paid order"),
    cancelled_at: str("When the order was cancelled; sets `cancellationRequested`"),
    currency: z.string().meta({ description: "ISO-4217 code of the shop's currency, e.g. `USD`" }),
    total_price: amount("Order total: `totalValue` when `current_total_price` is missing"),
    current_total_price: amount("Order total after refunds and removals: `totalValue`"),
    financial_status: str("`paid`, `partially_refunded`, `refunded`, `pending`, …: the status and `paidAt`"),
    fulfillment_status: str("`fulfilled`, `partial` or `null`: the status"),
    email: str("The buyer's email: `buyerId` when there is no `customer`"),
    customer: obj({ id: idOf("Customer id: the order's `buyerId`") }, "The customer"),
    note: str("The buyer's note: `buyerMessage`"),
    tags: str("Comma-separated tags: `tags`"),
    shipping_address: obj(
      {
        country_code: str("ISO-3166 alpha-2 country code, e.g. `US` (else `country` is read)"),
        country: str("Country name, e.g. `United States`"),
        province_code: str("Province or state code, e.g. `KY`: `region` (else `province`)"),
        province: str("Province or state name"),
        city: str("City"),
        zip: str("Postal or ZIP code"),
      },
      "Where the order ships to: the order's `shippingAddress`",
    ),
    shipping_lines: list(z.looseObject({ title: str("Shipping method, e.g. `Standard Shipping`: `requestedShippingService`") }), "Shipping methods; the first one's title is read"),
    line_items: z.array(ZShopifyLineItem).min(1).meta({ description: "The order's line items" }),
    refunds: list(
      z.looseObject({ refund_line_items: list(z.looseObject({ line_item_id: idOf("The refunded line item"), quantity: int("Units refunded") }), "Refunded line items") }),
      "Refunds: refunded units are not routed (when `current_quantity` is missing); any refund sets `refundRequested`",
    ),
  })
  .meta({
    description:
      "A Shopify Admin REST API `Order` (GET /admin/api/…/orders/{id}.json), as Shopify returns it. Gift cards, lines that need no shipping and removed or refunded units are not routed.",
  });

export const ZShopifyOrderBody = z
  .union([
    ZShopifyOrder,
    z.looseObject({ order: ZShopifyOrder }).meta({ description: 'The GET /orders/{id}.json response: `{"order": …}`' }),
    z.looseObject({ orders: z.array(ZShopifyOrder).min(1).max(1) }).meta({ description: "A GET /orders.json page holding one order" }),
  ])
  .meta({ description: '`format=shopify`: a bare order, `{"order": …}` or `{"orders": [one]}`' });

export const ZTikTokLineItem = z
  .looseObject({
    id: str("Item id"),
    seller_sku: str("The seller's SKU: becomes the line's `platformSku`. When empty, `sku_id`, `product_id` or `product_name` stands in, with a notice"),
    sku_id: str("TikTok's SKU id; items of the same SKU are merged into one line"),
    product_id: str("Product id"),
    product_name: str("Product name"),
    sale_price: amount("Price of the unit after discounts (else `original_price` is read)"),
    original_price: amount("Price of the unit before discounts"),
    display_status: str("Item status, e.g. `AWAITING_SHIPMENT`; `CANCELLED` items are not routed"),
    cancel_reason: str("Set when the buyer asked to cancel the item: sets `cancellationRequested`"),
  })
  .meta({ description: "An item of a TikTok Shop order (`line_items[]`): one per unit" });

export const ZTikTokOrder = z
  .looseObject({
    id: z.string().meta({ description: "Order id: the `externalId` (a string: TikTok ids exceed 2^53)" }),
    status: z.string().meta({ description: "`UNPAID`, `ON_HOLD`, `AWAITING_SHIPMENT`, `AWAITING_COLLECTION`, `IN_TRANSIT`, `DELIVERED`, `COMPLETED` or `CANCELLED`" }),
    create_time: z.number().int().meta({ description: "When the order was created, Unix seconds" }),
    paid_time: int("When it was paid, Unix seconds"),
    rts_sla_time: int("Ready-to-ship deadline, Unix seconds; the earlier of it and `shipping_due_time` is `shipByDeadline`"),
    shipping_due_time: int("Shipping deadline, Unix seconds"),
    is_on_hold_order: bool("`true`: the order is on hold"),
    user_id: str("The buyer's id: `buyerId`"),
    buyer_message: str("The buyer's message: `buyerMessage`"),
    seller_note: str("The seller's note: `sellerNote`"),
    cancel_reason: str("Set when cancellation was asked for: `cancellationRequested`"),
    delivery_option_name: str("Delivery option, e.g. `Express shipping`: `requestedShippingService`"),
    payment: z
      .looseObject({
        currency: z.string().meta({ description: "ISO-4217 code, e.g. `USD`" }),
        total_amount: z.union([z.string(), z.number()]).meta({ description: "What the buyer paid: `totalValue`" }),
      })
      .meta({ description: "Amounts of the order" }),
    recipient_address: obj(
      {
        region_code: str("ISO-3166 alpha-2 country code, e.g. `US`"),
        postal_code: str("Postal code (none in some markets, e.g. Vietnam)"),
        post_town: str("Post town (United Kingdom): the city"),
        district_info: list(
          z.looseObject({
            address_level: str("`L0` (country) to `L4`"),
            address_level_name: str("What the level is, e.g. `State`, `City`"),
            address_name: str("The name at that level, e.g. `California`"),
          }),
          "The address by level: region and city are read from it",
        ),
      },
      "Where the order ships to",
    ),
    line_items: z.array(ZTikTokLineItem).min(1).meta({ description: "The order's items, one per unit" }),
  })
  .meta({ description: "A TikTok Shop order as Get Order Detail (API version 202309) returns it in `data.orders[]`" });

export const ZTikTokOrderDetailResponse = z
  .looseObject({
    code: z.number().int().optional().meta({ description: "`0`: success. Another code is an API error response, refused with its message" }),
    message: str("`Success`"),
    request_id: str("TikTok's request id"),
    data: z.looseObject({ orders: z.array(ZTikTokOrder).min(1).max(1).meta({ description: "The orders: one" }) }).meta({ description: "The response's data" }),
  })
  .meta({ description: "The whole Get Order Detail response, as TikTok Shop returns it" });

export const ZTikTokOrderBody = z
  .union([ZTikTokOrderDetailResponse, ZTikTokOrder])
  .meta({ description: '`format=tiktok`: the Get Order Detail response `{"code": 0, "data": {"orders": [one]}}` or one bare order' });

/** SP-API v0 `Money`. */
const amazonMoney = (description: string) => obj({ CurrencyCode: str("ISO-4217 code, e.g. `USD`"), Amount: amount('Decimal amount, e.g. `"25.99"`') }, description);

export const ZAmazonOrderItem = z
  .looseObject({
    ASIN: str("Amazon's product id: the `platformSku` when there is no `SellerSKU`"),
    SellerSKU: str("The seller's SKU: becomes the line's `platformSku` (else `ASIN` or `Title`, with a notice)"),
    OrderItemId: str("Order item id"),
    Title: str("Product title"),
    QuantityOrdered: z.number().int().meta({ description: "Units ordered; `0` (cancelled before shipment) is not routed" }),
    ItemPrice: amazonMoney("Price of the whole quantity (not of one unit)"),
    PromotionDiscount: amazonMoney("Promotion discount on the item"),
    BuyerRequestedCancel: obj(
      { IsBuyerRequestedCancel: z.union([z.boolean(), z.string()]).nullable().optional().meta({ description: '`true` (or `"true"`): the buyer asked to cancel' }) },
      "Whether the buyer asked to cancel: `cancellationRequested`",
    ),
  })
  .meta({ description: "An `OrderItem` of Orders API v0 (getOrderItems `payload.OrderItems[]`)" });

export const ZAmazonOrder = z
  .looseObject({
    AmazonOrderId: z.string().meta({ description: "Amazon's order id, e.g. `902-1845936-5435065`: the `externalId`" }),
    PurchaseDate: z.string().meta({ description: "When the order was placed (ISO-8601): `createdAt`" }),
    OrderStatus: z.string().meta({ description: "`Pending`, `Unshipped`, `PartiallyShipped`, `Shipped`, `Canceled`, `Unfulfillable`, `InvoiceUnconfirmed` or `PendingAvailability`" }),
    LatestShipDate: str("Ship-by date (ISO-8601): `shipByDeadline`"),
    OrderTotal: amazonMoney("Order total: `totalValue` and `currency` (else the items' prices)"),
    MarketplaceId: str("Marketplace, e.g. `ATVPDKIKX0DER`: its currency when the order names none"),
    FulfillmentChannel: str("`AFN` (fulfilled by Amazon: tag `fba`) or `MFN`"),
    IsPrime: bool("Prime order: tag `prime`"),
    IsBusinessOrder: bool("Amazon Business order: tag `business`"),
    ShipServiceLevel: str("Shipping service level, e.g. `Std US D2D Dom`: `requestedShippingService`"),
    ShippingAddress: obj(
      { CountryCode: str("ISO-3166 alpha-2 country code"), StateOrRegion: str("State or region"), City: str("City"), PostalCode: str("Postal code") },
      "Where the order ships to (restricted data; a getOrderAddress response in the same array is merged in)",
    ),
    BuyerInfo: obj({ BuyerEmail: str("The buyer's anonymised email: `buyerId`") }, "The buyer (restricted data; a getOrderBuyerInfo response in the same array is merged in)"),
    OrderItems: list(ZAmazonOrderItem, "The order's items, when embedded; otherwise send the getOrderItems response with the order"),
  })
  .meta({ description: "An Orders API v0 `Order` (getOrder `payload`)" });

export const ZAmazonOrderItem2026 = z
  .looseObject({
    orderItemId: str("Order item id"),
    quantityOrdered: z.number().int().meta({ description: "Units ordered; `0` (cancelled) is not routed" }),
    product: z
      .looseObject({
        asin: str("Amazon's product id: the `platformSku` when there is no `sellerSku`"),
        sellerSku: str("The seller's SKU: becomes the line's `platformSku` (else `asin` or `title`, with a notice)"),
        title: str("Product title"),
        price: obj(
          { unitPrice: obj({ amount: amount('Decimal amount, e.g. `"29.99"`'), currencyCode: str("ISO-4217 code") }, "Price of one unit") },
          "The item's price",
        ),
      })
      .meta({ description: "What was ordered" }),
    cancellation: obj(
      {
        cancellationRequest: obj({}, "The buyer asked to cancel: sets `cancellationRequested`"),
        cancellationExecution: obj({}, "The item was cancelled: sets `cancellationRequested`"),
      },
      "Cancellation of the item",
    ),
  })
  .meta({ description: "An item of an Orders API 2026-01-01 order (`orderItems[]`)" });

export const ZAmazonOrder2026 = z
  .looseObject({
    orderId: z.string().meta({ description: "Amazon's order id: the `externalId`" }),
    createdTime: z.string().meta({ description: "When the order was created (ISO-8601): `createdAt`" }),
    salesChannel: obj({ marketplaceId: str("Marketplace: its currency when the order names none") }, "Where it was sold"),
    buyer: obj({ buyerEmail: str("The buyer's anonymised email: `buyerId`") }, "The buyer"),
    recipient: obj(
      {
        deliveryAddress: obj(
          { countryCode: str("ISO-3166 alpha-2 country code"), stateOrRegion: str("State or region"), city: str("City"), postalCode: str("Postal code") },
          "Where the order ships to",
        ),
      },
      "The recipient",
    ),
    proceeds: obj(
      { grandTotal: obj({ amount: amount("Decimal amount"), currencyCode: str("ISO-4217 code") }, "Order total: `totalValue`") },
      "Amounts (`includedData=PROCEEDS`); without them the total is the items' unit prices × quantities",
    ),
    fulfillment: obj(
      {
        fulfillmentStatus: str("`PENDING`, `UNSHIPPED`, `PARTIALLY_SHIPPED`, `SHIPPED`, `CANCELLED`, …: the status"),
        fulfilledBy: str("`AMAZON` (tag `fba`) or `MERCHANT`"),
        fulfillmentServiceLevel: str("Service level, e.g. `STANDARD`: `requestedShippingService`"),
        shipByWindow: obj({ latestDateTime: str("Ship-by deadline (ISO-8601): `shipByDeadline`") }, "When to ship"),
      },
      "Status and deadlines (`includedData=FULFILLMENT`); without them the order is `awaiting_review`",
    ),
    programs: list(z.string(), "`PRIME` (tag `prime`), `AMAZON_BUSINESS` (tag `business`), …"),
    orderItems: z.array(ZAmazonOrderItem2026).min(1).meta({ description: "The order's items" }),
  })
  .meta({ description: "An Orders API 2026-01-01 `Order` (getOrder / searchOrders), which carries its `orderItems`" });

export const ZAmazonOrderBody = z
  .union([
    z
      .array(
        z.union([
          z.looseObject({ payload: ZAmazonOrder }).meta({ description: "A getOrder response" }),
          z
            .looseObject({ payload: z.looseObject({ AmazonOrderId: z.string(), OrderItems: z.array(ZAmazonOrderItem) }) })
            .meta({ description: 'A getOrderItems response: `{"payload": {"AmazonOrderId": …, "OrderItems": […]}}`' }),
          z
            .looseObject({ payload: z.looseObject({ AmazonOrderId: z.string() }) })
            .meta({ description: "A getOrderAddress or getOrderBuyerInfo response (`ShippingAddress`, `BuyerEmail`), merged into its order" }),
        ]),
      )
      .min(1)
      .meta({ description: "Orders API v0: `[getOrder response, getOrderItems response]` as Amazon returns them, in one array" }),
    ZAmazonOrder,
    z.looseObject({ payload: ZAmazonOrder }).meta({ description: "A v0 getOrder response whose order has `OrderItems` embedded" }),
    ZAmazonOrder2026,
    z.looseObject({ order: ZAmazonOrder2026 }).meta({ description: 'An Orders API 2026-01-01 getOrder response: `{"order": …}`' }),
    z.looseObject({ orders: z.array(ZAmazonOrder2026).min(1).max(1) }).meta({ description: "An Orders API 2026-01-01 searchOrders page holding one order" }),
  ])
  .meta({
    description:
      '`format=amazon`: an Orders API v0 order with its items (the JSON array `[getOrder response, getOrderItems response]`, or the order with `OrderItems` embedded), or an Orders API 2026-01-01 order (bare, `{"order": …}` or a one-order searchOrders page)',
  });

/** A platform's own order JSON, as its API returns it; checked by the platform's importer. */
export const ZPlatformOrder = z.union([ZShopifyOrderBody, ZTikTokOrderBody, ZAmazonOrderBody]).meta({
  description:
    "One order in the platform's API shape, bare or wrapped as the API returns it; the `format` query parameter says which platform:\n\n" +
    '- **shopify**: an Admin REST order, `{"order": …}` or `{"orders": [one]}`;\n' +
    '- **tiktok**: a 202309 order detail or the whole Get Order Detail response `{"code": 0, "message": "Success", "request_id": …, "data": {"orders": [one]}}`;\n' +
    "- **amazon**: an Orders API v0 order with its items — the JSON array `[getOrder response, getOrderItems response]`, or the order with `OrderItems` embedded — " +
    'or an Orders API 2026-01-01 order (getOrder `{"order": …}`, whose `orderItems` come with it).\n\n' +
    'An API error response (`{"code": 36009004, …}`, `{"errors": […]}`) is refused with one message naming it.',
});

/** Something the caller should know about how an order was read or paired; never a refusal. */
export const ZRoutingNotice = z.object({
  /** Where: a field of the request (`line_items[2].sku`) or of the order as routed (`lines.1.platformSku`). */
  path: z.string(),
  message: z.string(),
});
export type TRoutingNotice = z.infer<typeof ZRoutingNotice>;

export const ZStageVersion = z.object({
  stage: z.enum(STAGES),
  rulesetId: z.string(),
  rulesetName: z.string(),
  version: z.number().int(),
  contentHash: z.string(),
});
export type TStageVersion = z.infer<typeof ZStageVersion>;

/**
 * A warehouse or logistics channel named in a decision, with its code and name from the organization's
 * master data (looked up when answering). `code` and `name` are null when the id is not in master data.
 */
export const ZMasterDataRef = z
  .object({
    id: z.string().meta({ description: "The id, as in `decision` (`warehouseId`, `channelId`)" }),
    code: z.string().nullable().meta({ description: "Its code in master data, e.g. `LA`; `null` when the id is not (or no longer) in master data, or could not be looked up" }),
    name: z.string().nullable().meta({ description: "Its name in master data, e.g. `Los Angeles 3PL`; `null` like `code`" }),
  })
  .meta({ description: "A warehouse or logistics channel of the organization's master data, named next to its id" });
export type TMasterDataRef = z.infer<typeof ZMasterDataRef>;

const warehouseRef = ZMasterDataRef.nullable().meta({ description: "The decided warehouse (`decision.warehouseId`) with its code and name; `null` when no warehouse was decided" });
const channelRef = ZMasterDataRef.nullable().meta({ description: "The decided logistics channel (`decision.channelId`) with its code and name; `null` when no channel was decided" });

/** A stage's own decision with the version that made it, as stored with the decision (ids only). */
export const ZStoredStageDecision = ZStageVersion.extend({ decision: ZDecision });
export type TStoredStageDecision = z.infer<typeof ZStoredStageDecision>;

export const ZStageDecision = ZStoredStageDecision.extend({ warehouse: warehouseRef, channel: channelRef });

export const ZStageTrace = z.object({ stage: z.enum(STAGES), rulesetId: z.string(), trace: ZTrace.nullable() });

export const ZRoutingResponse = z.object({
  decisionId: z.string(),
  orderId: z.string(),
  externalId: z.string(),
  createdAt: z.string(),
  decision: ZDecision,
  warehouse: warehouseRef,
  channel: channelRef,
  stages: z.array(ZStageDecision),
  trace: z.array(ZStageTrace).optional(),
  /**
   * How the order was read and paired: a line without a SKU identified by its variant id or title, a
   * refunded or gift-card line not routed, a platform SKU the store has not paired (routed unpaired).
   */
  notices: z.array(ZRoutingNotice),
});
export type TRoutingResponse = z.infer<typeof ZRoutingResponse>;

/** An order of a batch not routed because nothing is left to ship (gift cards only, every line refunded or cancelled). */
export const ZSkippedOrder = z.object({ path: z.string(), externalId: z.string(), message: z.string(), notices: z.array(ZRoutingNotice) });
export type TSkippedOrder = z.infer<typeof ZSkippedOrder>;

export const ZRouteBatchResponse = z.object({
  /** The routed orders, in request order. */
  results: z.array(ZRoutingResponse),
  /** Orders with nothing to ship, not routed (their `path` is their place in the request, `orders.3`). */
  skipped: z.array(ZSkippedOrder),
});

export const ZDecisionList = z.object({ orderId: z.string(), decisions: z.array(ZRoutingResponse) });

export const ZEvaluateVersion = z.union([z.number().int().min(1).max(2_147_483_647, "is not a version number"), z.literal("draft"), z.literal("published")]);
export const ZEvaluateBody = z.object({
  orders: z.union([z.array(ZOrder).min(1).max(MAX_BATCH_ORDERS), ZOrder]),
  version: ZEvaluateVersion.default("published"),
  trace: z.boolean().default(false),
});

export const ZEvaluateResponse = z.object({
  rulesetId: z.string(),
  rulesetName: z.string(),
  stage: z.enum(STAGES),
  version: z.object({ number: z.number().int(), status: z.string(), contentHash: z.string() }),
  evaluations: z.array(
    z.object({ orderId: z.string(), decision: ZDecision, warehouse: warehouseRef, channel: channelRef, matchedRules: z.array(z.string()).nullable(), trace: ZTrace.nullable() }),
  ),
});
export type TEvaluateResponse = z.infer<typeof ZEvaluateResponse>;

/** RFC 9457 problem details, with the zod issues of a bad request as `errors`. */
export const ZProblem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type TProblem = z.infer<typeof ZProblem>;

/** An order in our model, as the documentation's examples send it. */
export const EXAMPLE_ORDER = {
  id: "shop-1:#1001",
  externalId: "#1001",
  platform: "shopify",
  storeId: "shop-1",
  createdAt: "2026-11-20T08:00:00Z",
  paidAt: "2026-11-20T08:05:00Z",
  shipByDeadline: "2026-11-22T08:00:00Z",
  currency: "USD",
  totalValue: 25,
  buyerId: "buyer-1",
  shippingAddress: { country: "US", region: "CA", city: "Los Angeles", postalCode: "90210" },
  lines: [{ platformSku: "SKU-1", warehouseSku: "W-1", quantity: 1, unitPrice: 25, weightGrams: 300 }],
} as const;

/** POST /api/v1/rulesets/{id}/test: the ruleset's stored suite (or the cases sent) against a version, the draft (default) or the published version. */
export const ZTestRulesetBody = z.object({
  version: ZEvaluateVersion.default("draft"),
  /** Cases to run instead of the stored suite (a suite file's `cases`). */
  cases: z.array(ZTestCase).max(MAX_SUITE_CASES).optional(),
});

export const ZTestRulesetResponse = z.object({
  rulesetId: z.string(),
  rulesetName: z.string(),
  stage: z.enum(STAGES),
  version: z.object({ number: z.number().int(), status: z.string(), contentHash: z.string() }),
  total: z.number().int(),
  passed: z.number().int(),
  failed: z.number().int(),
  cases: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      passed: z.boolean(),
      diffs: z.array(z.object({ field: z.string(), label: z.string(), expected: z.unknown(), actual: z.unknown() })),
      firedRules: z.array(z.string()),
      error: z.string().optional(),
    }),
  ),
  /** Rules (and decision table rows) no case fired. */
  notExercised: z.array(z.string()),
});
export type TTestRulesetResponse = z.infer<typeof ZTestRulesetResponse>;
