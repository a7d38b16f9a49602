import type { ReactNode } from 'react';

/** A page's (or a section's) heading with its actions beside it. */
export function PageHead(props: { title: string; level?: 1 | 2; id?: string; children?: ReactNode }) {
  const Heading = props.level === 2 ? 'h2' : 'h1';
  return (
    <div className="page-head">
      <Heading id={props.id}>{props.title}</Heading>
      {props.children}
    </div>
  );
}
