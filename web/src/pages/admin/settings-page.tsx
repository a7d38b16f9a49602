// Placeholder until its owner lands the page.
export default function SettingsPage() {
  return <h1>Settings</h1>;
}
