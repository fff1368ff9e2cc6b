/** Platform order statuses mapped to Switchyard's lifecycle statuses. */
import type { TOrderStatus } from "../../rules-schema/order/order-schema";

export interface ShopifyStatusFacts {
  cancelled: boolean;
  /** financial_status / "Financial Status": pending, authorized, partially_paid, paid, partially_refunded, refunded, voided. */
  financial: string;
  /** fulfillment_status / "Fulfillment Status": null/unfulfilled, partial, fulfilled, restocked. */
  fulfillment: string;
}

/**
 * Shopify: cancelled (or voided/restocked) → cancelled; fulfilled → shipped (Shopify does not say
 * delivered); unpaid → pending_payment; everything paid or authorized with units left to ship
 * (including partial fulfilment) → awaiting_fulfillment.
 */
export function mapShopifyStatus(facts: ShopifyStatusFacts): TOrderStatus {
  const financial = facts.financial.trim().toLowerCase();
  const fulfillment = facts.fulfillment.trim().toLowerCase();
  if (facts.cancelled || financial === "voided" || fulfillment === "restocked") return "cancelled";
  if (fulfillment === "fulfilled") return "shipped";
  if (financial === "pending" || financial === "partially_paid") return "pending_payment";
  return "awaiting_fulfillment";
}

/**
 * TikTok Shop Seller Center export "Order Status" (+ "Order Substatus"). Returns null for an unknown status.
 * "To ship" splits on the substatus: Awaiting shipment → awaiting_fulfillment, Awaiting collection
 * (label bought, waiting for the carrier) → pushed_to_warehouse.
 */
export function mapTiktokExportStatus(status: string, substatus: string): TOrderStatus | null {
  const s = status.trim().toLowerCase();
  const sub = substatus.trim().toLowerCase();
  switch (s) {
    case "unpaid":
      return "pending_payment";
    case "on hold":
      return "on_hold";
    case "to ship":
      return sub === "awaiting collection" ? "pushed_to_warehouse" : "awaiting_fulfillment";
    case "awaiting shipment":
      return "awaiting_fulfillment";
    case "awaiting collection":
      return "pushed_to_warehouse";
    case "shipped":
    case "in transit":
      return sub === "delivered" ? "delivered" : "shipped";
    case "delivered":
    case "completed":
      return "delivered";
    case "cancelled":
    case "canceled":
      return "cancelled";
    default:
      return null;
  }
}

const TIKTOK_API_STATUSES: Record<string, TOrderStatus> = {
  UNPAID: "pending_payment",
  ON_HOLD: "on_hold",
  AWAITING_SHIPMENT: "awaiting_fulfillment",
  PARTIALLY_SHIPPING: "awaiting_fulfillment",
  AWAITING_COLLECTION: "pushed_to_warehouse",
  IN_TRANSIT: "shipped",
  DELIVERED: "delivered",
  COMPLETED: "delivered",
  CANCELLED: "cancelled",
};

/** TikTok Shop Open API order `status`. Returns null for an unknown status. */
export function mapTiktokApiStatus(status: string): TOrderStatus | null {
  return TIKTOK_API_STATUSES[status.trim().toUpperCase()] ?? null;
}

const AMAZON_STATUSES: Record<string, TOrderStatus> = {
  PendingAvailability: "pending_payment",
  Pending: "pending_payment",
  Unshipped: "awaiting_fulfillment",
  PartiallyShipped: "awaiting_fulfillment",
  Shipped: "shipped",
  InvoiceUnconfirmed: "shipped",
  Canceled: "cancelled",
  Unfulfillable: "on_hold",
};

/** Amazon SP-API `OrderStatus`. Returns null for an unknown status. */
export function mapAmazonStatus(status: string): TOrderStatus | null {
  return AMAZON_STATUSES[status.trim()] ?? null;
}

const AMAZON_2026_STATUSES: Record<string, TOrderStatus> = {
  PENDING_AVAILABILITY: "pending_payment",
  PENDING: "pending_payment",
  UNSHIPPED: "awaiting_fulfillment",
  PARTIALLY_SHIPPED: "awaiting_fulfillment",
  SHIPPED: "shipped",
  CANCELLED: "cancelled",
  UNFULFILLABLE: "on_hold",
};

/** Amazon Orders API 2026-01-01 `fulfillment.fulfillmentStatus`. Returns null for an unknown status. */
export function mapAmazon2026Status(status: string): TOrderStatus | null {
  return AMAZON_2026_STATUSES[status.trim().toUpperCase()] ?? null;
}
