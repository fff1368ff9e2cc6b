import { OrderTraceScreen } from "@/components/simulator/order-trace-screen";

export const metadata = { title: "Order trace — Switchyard" };

export default async function SimulationOrderPage({ params }: { params: Promise<{ id: string; orderId: string }> }) {
  const { id, orderId } = await params;
  return <OrderTraceScreen id={id} orderId={orderId} />;
}
