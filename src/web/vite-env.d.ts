// Vite's types for what the web app imports through Vite (stylesheets): TypeScript 6 checks side-effect imports.
/// <reference types="vite/client" />
