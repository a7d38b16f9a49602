// Placeholder until its owner lands the page.
export default function ProvidersPage() {
  return <h1>Providers</h1>;
}
