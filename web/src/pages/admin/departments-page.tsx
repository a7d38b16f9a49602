// Placeholder until its owner lands the page.
export default function DepartmentsPage() {
  return <h1>Departments</h1>;
}
