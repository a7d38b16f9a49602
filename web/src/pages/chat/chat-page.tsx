// Placeholder until its owner lands the page.
export default function ChatPage() {
  return <h1>Chat</h1>;
}
