// Placeholder until its owner lands the page.
export default function PrivacyPage() {
  return <h1>Privacy</h1>;
}
