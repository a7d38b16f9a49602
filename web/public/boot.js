/* global localStorage, matchMedia, document */
// Runs before the first paint: applies the remembered theme and language, so a dark-theme user
// never sees a white flash. A file (not an inline script) so the Content-Security-Policy can
// forbid inline scripts.
try {
  const theme = localStorage.getItem('gh.theme');
  const dark = theme === 'dark' || (theme !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  const lang = localStorage.getItem('gh.lang');
  if (lang === 'de' || lang === 'en') document.documentElement.lang = lang;
} catch {
  // Storage blocked: the app applies its defaults once it starts.
}
