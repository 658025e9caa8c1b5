/**
 * Text made safe to place in an HTML page the product generates (report print view, printed roster):
 * content comes from users and from other stations, and must never become markup.
 */
const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (ch) => entities[ch] ?? ch);
