// Placeholder until its owner lands the page.
export default function UsageLogPage() {
  return <h1>Usage log</h1>;
}
