// SvelteKit's static adapter starts the app from an inline <script> in each HTML page. The
// kernel's Content-Security-Policy allows scripts from our own files only (script-src 'self'),
// so after the build this moves each inline script into a file of its own under _app/ and
// points the page at it. A classic external script keeps document.currentScript, which the
// boot code uses to find its mount element.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const out = 'target/classes/leadflow-ui';
const inline = /<script>([\s\S]*?)<\/script>/g;

for (const page of readdirSync(out).filter((name) => name.endsWith('.html'))) {
	const path = join(out, page);
	const html = readFileSync(path, 'utf8');
	const rewritten = html.replace(inline, (_, code) => {
		const hash = createHash('sha256').update(code).digest('hex').slice(0, 12);
		const file = `_app/immutable/boot.${hash}.js`;
		writeFileSync(join(out, file), code.trim() + '\n');
		return `<script src="/${file}"></script>`;
	});
	if (/<script>/.test(rewritten) || /\son[a-z]+=/i.test(rewritten)) {
		throw new Error(`${path} still has inline script after externalising`);
	}
	writeFileSync(path, rewritten);
	console.log(`externalised the inline boot script of ${page}`);
}
