import type { Element, ElementContent } from 'hast';
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { usePreferences } from '../../app/preferences.tsx';
import { CodeBlock, fenceLanguage } from './code-block.tsx';

/** The text inside a hast node (a code fence's source). */
function textOf(node: ElementContent | undefined): string {
  if (!node) return '';
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(textOf).join('');
  return '';
}

/** A model's answer as Markdown (GFM: tables, task lists, strikethrough, autolinks). */
export function MarkdownText({ text }: { text: string }) {
  const { t } = usePreferences();
  const components: Components = {
    pre: ({ node }) => {
      const code = (node as Element | undefined)?.children.find(
        (c): c is Element => c.type === 'element' && c.tagName === 'code',
      );
      return <CodeBlock code={textOf(code).replace(/\n$/, '')} language={fenceLanguage(code?.properties.className)} />;
    },
    // Wide tables scroll inside their own box instead of widening the page.
    table: ({ node: _node, ...props }) => (
      <div className="table-wrap" tabIndex={0} role="region" aria-label={t('chat.table')}>
        <table {...props} />
      </div>
    ),
    // A link in an answer leaves the app in a new tab and tells the target nothing about us.
    a: ({ node: _node, href, children }) => (
      <a href={href} target="_blank" rel="noopener noreferrer nofollow">
        {children}
      </a>
    ),
    // An image in an answer would fetch a URL the model chose (a way to leak the conversation):
    // only its description is shown.
    img: ({ alt }) => <span className="chat-image-alt">{alt ? `[${alt}]` : ''}</span>,
  };
  // react-markdown never renders raw HTML (no rehype-raw): tags in an answer show as text.
  return (
    <div className="chat-markdown">
      <Markdown remarkPlugins={[remarkGfm]} components={components}>
        {text}
      </Markdown>
    </div>
  );
}
