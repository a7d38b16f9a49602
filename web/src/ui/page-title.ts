import { useEffect } from 'react';

/** Sets the document title to "<page> · <org or product>" while a page is shown. */
export function usePageTitle(page: string, site: string): void {
  useEffect(() => {
    document.title = `${page} · ${site}`;
  }, [page, site]);
}
