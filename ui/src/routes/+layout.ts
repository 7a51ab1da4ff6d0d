// a single-page app: rendered in the browser, index.html answers every route
export const ssr = false;
export const prerender = false;
