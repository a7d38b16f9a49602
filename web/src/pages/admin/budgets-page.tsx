// Placeholder until its owner lands the page.
export default function BudgetsPage() {
  return <h1>Budgets</h1>;
}
