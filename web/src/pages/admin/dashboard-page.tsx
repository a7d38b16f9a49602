// Placeholder until its owner lands the page.
export default function DashboardPage() {
  return <h1>Dashboard</h1>;
}
