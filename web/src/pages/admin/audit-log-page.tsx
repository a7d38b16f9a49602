// Placeholder until its owner lands the page.
export default function AuditLogPage() {
  return <h1>Audit log</h1>;
}
