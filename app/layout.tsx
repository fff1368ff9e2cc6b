import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: "Switchyard — order-routing rules you can test",
  description: "Design warehouse, logistics and auto-processing rules as graphs, replay them on order history, publish with rollback.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
