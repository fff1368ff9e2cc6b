import type { TOperatorName } from "./operator-registry";

/**
 * The shape of an operator's right-hand side, for editors that build one: a single value, a list of
 * values, an inclusive [min, max] pair, a postal-code set (prefixes and ranges), or nothing.
 */
export type TValueShape = "scalar" | "text" | "list" | "range" | "postalCodes" | "none";

export const OPERATOR_VALUE_SHAPES = {
  equal: "scalar",
  notEqual: "scalar",
  in: "list",
  notIn: "list",
  contains: "text",
  doesNotContain: "text",
  lessThan: "scalar",
  lessThanInclusive: "scalar",
  greaterThan: "scalar",
  greaterThanInclusive: "scalar",
  between: "range",
  startsWith: "text",
  startsWithAny: "list",
  anyStartsWith: "list",
  containsAny: "list",
  containsAll: "list",
  containsNone: "list",
  textContains: "text",
  textDoesNotContain: "text",
  isEmpty: "none",
  isNotEmpty: "none",
  postalCodeIn: "postalCodes",
} as const satisfies Record<TOperatorName, TValueShape>;

export function valueShapeOf(operator: string): TValueShape {
  return Object.prototype.hasOwnProperty.call(OPERATOR_VALUE_SHAPES, operator) ? OPERATOR_VALUE_SHAPES[operator as TOperatorName] : "scalar";
}
