import widgetCss from './widget.css?inline';

let sheet: CSSStyleSheet | null = null;

/**
 * Puts the widget's stylesheet on the document or shadow root that holds it, as a constructed
 * stylesheet: no <style> element and no inline style attribute, so a page whose CSP has no
 * 'unsafe-inline' for styles still shows it (CSP does not govern constructed sheets). One sheet
 * object is shared by every root.
 */
export function adoptWidgetStyles(root: Document | ShadowRoot): void {
  sheet ??= makeSheet();
  if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}

function makeSheet(): CSSStyleSheet {
  const s = new CSSStyleSheet();
  s.replaceSync(widgetCss);
  return s;
}
