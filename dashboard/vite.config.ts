import { defineConfig } from "vite";

// Built into the Python package, which serves it at /dashboard (see docs/DASHBOARD.md).
export default defineConfig({
  base: "/dashboard/",
  build: {
    outDir: "../src/olympus/static/dashboard",
    emptyOutDir: true,
    // No inline script anywhere: the page's Content-Security-Policy allows only 'self'.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    target: "es2022",
  },
});
