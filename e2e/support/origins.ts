/** The embedding tests' second origins (ports pinned by playwright.config.ts; the server allows exactly these). */
export const embedOrigin = `http://localhost:${process.env.SB_E2E_EMBED_PORT}`;
export const reactAppOrigin = `http://localhost:${process.env.SB_E2E_REACT_PORT}`;
