// Placeholder until its owner lands the page.
export default function UsageDetailPage() {
  return <h1>Request</h1>;
}
