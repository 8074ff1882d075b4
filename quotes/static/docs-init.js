// Swagger UI for the quotes API, served entirely by the service itself (no CDN, works offline).
// A separate file, not an inline script: /docs sends a Content-Security-Policy without
// 'unsafe-inline' for scripts.
window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    // the default online validator badge would call out to the internet
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    // show the examples (the service's own answers, from docs-examples.json) first, and the
    // nested models (quote -> cue, speaker -> mention) opened rather than as "{...}"
    defaultModelRendering: "example",
    defaultModelExpandDepth: 8,
    defaultModelsExpandDepth: 1,
    docExpansion: "list",
    displayRequestDuration: true,
    // one operation's examples are long: let readers search the paths
    filter: true,
  });
};
