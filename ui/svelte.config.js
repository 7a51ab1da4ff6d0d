import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** The build lands where Maven packages it: the kernel serves the classpath folder leadflow-ui/ at /. */
const out = 'target/classes/leadflow-ui';

/** @type {import('@sveltejs/kit').Config} */
export default {
	preprocess: vitePreprocess(),
	kit: {
		// a single-page app: every client-side route is answered with index.html by the kernel
		adapter: adapter({ pages: out, assets: out, fallback: 'index.html', strict: true }),
		// absolute asset URLs, so index.html served for /workflows/<id> still finds /_app/...
		paths: { relative: false }
	}
};
