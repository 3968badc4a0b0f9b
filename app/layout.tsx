import type { Metadata } from "next";
import type { ReactNode } from "react";
import { PRODUCT_NAME, PRODUCT_PURPOSE } from "@/components/brand";
import { TRPCReactProvider } from "@/lib/trpc/react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: PRODUCT_NAME, template: `%s · ${PRODUCT_NAME}` },
  description: PRODUCT_PURPOSE,
  icons: { icon: "/favicon.svg" },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-dvh">
        <TRPCReactProvider>{children}</TRPCReactProvider>
      </body>
    </html>
  );
}
