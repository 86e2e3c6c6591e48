/** The figures an organizer may show on the public results page (browser-safe: the settings page lists them). */
export const PUBLIC_FIGURES = ['enterprises', 'needsAnswered', 'sessions', 'signed', 'disbursed', 'products'] as const;
export type PublicFigure = (typeof PUBLIC_FIGURES)[number];
