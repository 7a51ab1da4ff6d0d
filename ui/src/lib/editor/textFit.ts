/** The width of a text in pixels, in some font. */
export type Measure = (text: string) => number;

const ELLIPSIS = '…';

/**
 * `text` itself when it fits `width`, else its longest start that fits with an ellipsis. A canvas
 * node cuts its name this way rather than with CSS `text-overflow`, which needs a clip: one clip per
 * line of text is one more paint chunk per node, and every frame of a 200-node canvas layerizes them all.
 */
export function fitText(text: string, width: number, measure: Measure): string {
	if (measure(text) <= width) {
		return text;
	}
	// the longest start that fits, by halving (a width grows with the length)
	let fits = 0;
	let tooLong = text.length;
	while (tooLong - fits > 1) {
		const middle = (fits + tooLong) >> 1;
		if (measure(text.slice(0, middle).trimEnd() + ELLIPSIS) <= width) {
			fits = middle;
		} else {
			tooLong = middle;
		}
	}
	return text.slice(0, fits).trimEnd() + ELLIPSIS;
}

/** No printable ASCII character is wider than this many ems in a sans font (W, M and @ are about one em). */
const WIDEST_ASCII_EM = 1.1;

/**
 * Whether `text` fits without measuring it: printable ASCII, each character counted as the widest
 * one. Most node names and types are short: they cost no text measurement at all.
 */
export function surelyFits(text: string, width: number, fontSize: number): boolean {
	return text.length * fontSize * WIDEST_ASCII_EM <= width && /^[\x20-\x7e]*$/.test(text);
}

const measures = new Map<string, Measure>();

/**
 * A measure for a CSS font (`500 14px ui-sans-serif, …`) from a canvas 2D context, remembering each
 * text's width. Without a canvas (tests, SSR) it returns undefined.
 */
export function fontMeasure(font: string): Measure | undefined {
	let measure = measures.get(font);
	if (!measure) {
		const context = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
		if (!context) {
			return undefined;
		}
		context.font = font;
		const widths = new Map<string, number>();
		measure = (text) => {
			let width = widths.get(text);
			if (width === undefined) {
				width = context.measureText(text).width;
				widths.set(text, width);
			}
			return width;
		};
		measures.set(font, measure);
	}
	return measure;
}

let family: string | undefined;

/** The page's font family (Tailwind's sans stack), read once. */
export function pageFontFamily(): string {
	family ??= typeof document === 'undefined' ? 'sans-serif' : getComputedStyle(document.documentElement).fontFamily;
	return family;
}
