import { sveltekit } from '@sveltejs/kit/vite';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vitest/config';

// `npm run dev` proxies the API and the WebSocket to a kernel (LEADFLOW_URL, default localhost:8080)
const kernel = process.env.LEADFLOW_URL ?? 'http://localhost:8080';

export default defineConfig({
	plugins: [tailwindcss(), sveltekit()],
	server: {
		proxy: {
			'/api': { target: kernel, changeOrigin: true },
			'/ws': { target: kernel.replace(/^http/, 'ws'), ws: true, changeOrigin: true }
		}
	},
	build: {
		chunkSizeWarningLimit: 600
	},
	test: {
		include: ['src/**/*.test.ts'],
		environment: 'node'
	}
});
