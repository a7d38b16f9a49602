// Placeholder until its owner lands the page.
export default function ModelsPage() {
  return <h1>Models</h1>;
}
