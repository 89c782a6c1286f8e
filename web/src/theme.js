// ChatKitOptions.theme → CSS custom properties on the element's root (styles/app.css reads them),
// plus the colour scheme as an attribute (app.css holds the light and dark palettes). Every value
// comes from the host app, so each one is checked against what CSS would accept before it is set:
// a bad colour or font name leaves that property at our default rather than breaking the rest.

/** @typedef {import('@openai/chatkit').ThemeOption} ThemeOption */
/** @typedef {import('@openai/chatkit').ColorScheme} ColorScheme */

const RADIUS = { pill: '999px', round: '16px', soft: '10px', sharp: '2px' };
const SURFACE_RADIUS = { pill: '20px', round: '16px', soft: '10px', sharp: '2px' };
const DENSITY = { compact: '0.75', normal: '1', spacious: '1.3' };
const BASE_SIZES = [14, 15, 16, 17, 18];
// The custom properties this file may set: all are cleared before a theme is applied again.
const PROPERTIES = ['--ck-radius', '--ck-control-radius', '--ck-density', '--ck-font-size', '--ck-font', '--ck-mono',
  '--ck-accent', '--ck-accent-text', '--ck-user-bubble', '--ck-bg', '--ck-text', '--ck-bg-soft', '--ck-bg-sunken',
  '--ck-border', '--ck-text-soft'];

/** @param {unknown} value */
const isColor = (value) => typeof value === 'string' && value.length < 100 && CSS.supports('color', value);
/** @param {unknown} value */
const isFontFamily = (value) => typeof value === 'string' && value.length < 300 && CSS.supports('font-family', value);
/**
 * @template {string} K
 * @param {Record<K, string>} table @param {unknown} key
 */
const pick = (table, key) => (typeof key === 'string' && Object.hasOwn(table, key) ? table[/** @type {K} */ (key)] : null);

/**
 * The scheme a theme option asks for; undefined → light, as the reference does.
 * @param {ColorScheme | ThemeOption | undefined} theme
 * @returns {ColorScheme}
 */
export function colorSchemeOf(theme) {
  const scheme = typeof theme === 'string' ? theme : theme?.colorScheme;
  return scheme === 'dark' ? 'dark' : 'light';
}

/**
 * The custom properties for a theme, as [name, value] pairs.
 * @param {ThemeOption} theme
 * @returns {[string, string][]}
 */
export function themeProperties(theme) {
  /** @type {[string, string][]} */
  const out = [];
  const radius = pick(SURFACE_RADIUS, theme.radius);
  const control = pick(RADIUS, theme.radius);
  if (radius && control) out.push(['--ck-radius', radius], ['--ck-control-radius', control]);
  const density = pick(DENSITY, theme.density);
  if (density) out.push(['--ck-density', density]);
  const typography = theme.typography ?? {};
  if (typeof typography.baseSize === 'number' && BASE_SIZES.includes(typography.baseSize)) out.push(['--ck-font-size', `${typography.baseSize}px`]);
  if (isFontFamily(typography.fontFamily)) out.push(['--ck-font', String(typography.fontFamily)]);
  if (isFontFamily(typography.fontFamilyMono)) out.push(['--ck-mono', String(typography.fontFamilyMono)]);
  const color = theme.color ?? {};
  const accent = color.accent;
  if (accent && isColor(accent.primary)) {
    // level 0–3: how strongly the accent tints the user's bubbles.
    const level = [0, 1, 2, 3].includes(accent.level) ? accent.level : 1;
    out.push(['--ck-accent', accent.primary], ['--ck-accent-text', 'var(--ck-bg)'],
      ['--ck-user-bubble', `color-mix(in srgb, ${accent.primary} ${8 + level * 7}%, var(--ck-bg))`]);
  }
  const surface = color.surface;
  if (surface && isColor(surface.background) && isColor(surface.foreground)) {
    out.push(['--ck-bg', surface.background], ['--ck-text', surface.foreground]);
  }
  const gray = color.grayscale;
  if (gray && typeof gray.hue === 'number' && Number.isFinite(gray.hue) && typeof gray.tint === 'number') {
    // The soft surfaces and borders take the hue; tint (0–9) is their saturation, shade (−4…4)
    // moves them darker or lighter.
    const hue = ((gray.hue % 360) + 360) % 360;
    const saturation = Math.min(9, Math.max(0, gray.tint)) * 3;
    const shade = Math.min(4, Math.max(-4, gray.shade ?? 0)) * 2;
    const mix = (/** @type {number} */ lightness) => `hsl(${hue} ${saturation}% ${lightness - shade}%)`;
    out.push(['--ck-bg-soft', `color-mix(in srgb, ${mix(50)} 6%, var(--ck-bg))`],
      ['--ck-bg-sunken', `color-mix(in srgb, ${mix(50)} 12%, var(--ck-bg))`],
      ['--ck-border', `color-mix(in srgb, ${mix(50)} 22%, var(--ck-bg))`],
      ['--ck-text-soft', `color-mix(in srgb, ${mix(40)} 70%, var(--ck-text))`]);
  }
  return out;
}

/**
 * Applies a theme to the root: the scheme attribute and the custom properties (others cleared).
 * @param {HTMLElement} root @param {ColorScheme | ThemeOption | undefined} theme
 */
export function applyTheme(root, theme) {
  root.dataset.scheme = colorSchemeOf(theme);
  for (const name of PROPERTIES) root.style.removeProperty(name);
  if (theme && typeof theme === 'object') {
    for (const [name, value] of themeProperties(theme)) root.style.setProperty(name, value);
  }
}

/** @type {WeakSet<object>} the font source objects already added to document.fonts */
const loadedFonts = new WeakSet();

/**
 * Adds typography.fontSources to the document's fonts (a shadow root uses the document's).
 * @param {ThemeOption | ColorScheme | undefined} theme @param {(error: unknown) => void} onError
 */
export function loadFonts(theme, onError) {
  const sources = typeof theme === 'object' ? theme.typography?.fontSources ?? [] : [];
  for (const source of sources) {
    if (loadedFonts.has(source) || typeof source?.family !== 'string' || typeof source.src !== 'string') continue;
    loadedFonts.add(source);
    try {
      /** @type {FontFaceDescriptors} */
      const descriptors = {};
      if (source.weight != null) descriptors.weight = String(source.weight);
      if (source.style) descriptors.style = source.style;
      if (source.display) descriptors.display = source.display;
      if (source.unicodeRange) descriptors.unicodeRange = source.unicodeRange;
      const face = new FontFace(source.family, `url(${JSON.stringify(source.src)})`, descriptors);
      document.fonts.add(face);
      face.load().catch(onError);
    } catch (error) {
      onError(error);
    }
  }
}
