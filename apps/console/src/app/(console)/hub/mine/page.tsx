import type { Metadata } from "next";
import { MyPackagesPage } from "@/features/hub/my-packages-page";

export const metadata: Metadata = { title: "My packages" };

export default function Page() {
  return <MyPackagesPage />;
}
