import { sveltekit } from '@sveltejs/kit/vite';
import tailwindcss from '@tailwindcss/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

// `npm run dev` proxies the API and the WebSocket to a kernel (LEADFLOW_URL, default localhost:8080)
const kernel = process.env.LEADFLOW_URL ?? 'http://localhost:8080';

/**
 * Asks Chromium (136+) to compile the editor's code as soon as it loads (V8's explicit compile hint),
 * while the editor still waits for the workflow, instead of function by function as the first
 * workflow is drawn. Other browsers ignore the comment.
 */
function compileCanvasEagerly(): Plugin {
	// the canvas library, the editor's page and Svelte's runtime that both run on
	const EAGER = ['/@xyflow/', '/lib/components/FlowNode/', '/routes/workflows/[id]/', '/svelte/src/internal/client/',
		// the dashboard draws its charts as soon as its first answer arrives
		'/chart.js/', '/@kurkle/color/', '/lib/components/DashboardChart/', '/src/routes/+page.svelte'];
	return {
		name: 'leadflow-compile-canvas-eagerly',
		// after minification, which drops comments
		generateBundle(_options, bundle) {
			for (const chunk of Object.values(bundle)) {
				if (chunk.type === 'chunk' && chunk.moduleIds.some((id) => EAGER.some((part) => id.includes(part)))) {
					chunk.code = `//# allFunctionsCalledOnLoad\n${chunk.code}`;
				}
			}
		}
	};
}

export default defineConfig({
	plugins: [tailwindcss(), sveltekit(), compileCanvasEagerly()],
	server: {
		proxy: {
			'/api': { target: kernel, changeOrigin: true },
			'/ws': { target: kernel.replace(/^http/, 'ws'), ws: true, changeOrigin: true }
		}
	},
	build: {
		chunkSizeWarningLimit: 600,
		// LEADFLOW_UI_MINIFY=false keeps the code's names, for reading a browser profile
		minify: process.env.LEADFLOW_UI_MINIFY !== 'false'
	},
	test: {
		include: ['src/**/*.test.ts'],
		environment: 'node'
	}
});
