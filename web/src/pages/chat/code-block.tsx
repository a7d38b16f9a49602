import type { Element, Root, RootContent } from 'hast';
import bash from 'highlight.js/lib/languages/bash';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import python from 'highlight.js/lib/languages/python';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import { createLowlight } from 'lowlight';
import { useEffect, useState, type ReactNode } from 'react';
import { usePreferences } from '../../app/preferences.tsx';

// A dozen languages people at a law firm or agency paste most; anything else shows as plain text.
// Registered one by one so the chunk carries only these grammars (lowlight's `common` has 37).
const lowlight = createLowlight({
  bash,
  csharp,
  css,
  go,
  java,
  javascript,
  json,
  python,
  sql,
  typescript,
  xml,
  yaml,
});

/** The language named by a fence's class (`language-ts`), if registered; aliases (ts, py, sh, html) count. */
export function fenceLanguage(className: unknown): string | null {
  const classes = Array.isArray(className) ? className : typeof className === 'string' ? className.split(' ') : [];
  for (const c of classes) {
    const name = typeof c === 'string' && c.startsWith('language-') ? c.slice(9).toLowerCase() : null;
    if (name && lowlight.registered(name)) return name;
  }
  return null;
}

/**
 * The highlighted tree as React elements: lowlight yields only spans with classes and text, so
 * nothing is ever parsed or injected as HTML.
 */
function toReact(nodes: Array<RootContent>, prefix = ''): ReactNode[] {
  return nodes.map((node, i) => {
    if (node.type === 'text') return node.value;
    if (node.type !== 'element') return null;
    const el = node as Element;
    const className = el.properties.className;
    return (
      <span key={`${prefix}${i}`} className={Array.isArray(className) ? className.join(' ') : undefined}>
        {toReact(el.children, `${prefix}${i}.`)}
      </span>
    );
  });
}

/** A code fence: highlighted when its language is known, with a Copy button that says when it worked. */
export function CodeBlock({ code, language }: { code: string; language: string | null }) {
  const { t } = usePreferences();
  const [copied, setCopied] = useState<'ok' | 'failed' | null>(null);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(null), 2500);
    return () => clearTimeout(timer);
  }, [copied]);
  let tree: Root | null = null;
  if (language) {
    try {
      tree = lowlight.highlight(language, code);
    } catch {
      tree = null;
    }
  }
  const copy = () => {
    navigator.clipboard.writeText(code).then(
      () => setCopied('ok'),
      () => setCopied('failed'),
    );
  };
  return (
    <div className="chat-code">
      <div className="chat-code-head">
        <span className="chat-code-lang">{language ?? t('chat.code.plain')}</span>
        <button type="button" className="secondary chat-small" onClick={copy}>
          {t('chat.code.copy')}
        </button>
        <span role="status" className="chat-code-status">
          {copied === 'ok' ? t('chat.code.copied') : copied === 'failed' ? t('chat.code.copyFailed') : ''}
        </span>
      </div>
      <pre tabIndex={0} role="region" aria-label={t('chat.code.label', { language: language ?? t('chat.code.plain') })}>
        <code className={language ? `hljs language-${language}` : undefined}>
          {tree ? toReact(tree.children) : code}
        </code>
      </pre>
    </div>
  );
}
