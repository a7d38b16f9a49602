// Placeholder until its owner lands the page.
export default function KeysPage() {
  return <h1>API keys</h1>;
}
