// Placeholder until its owner lands the page.
export default function TenantsPage() {
  return <h1>Organizations</h1>;
}
