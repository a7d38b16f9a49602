// Placeholder until its owner lands the page.
export default function CreditsPage() {
  return <h1>Credits</h1>;
}
