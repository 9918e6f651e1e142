// Starts Swagger UI on the element that names the OpenAPI document. A file, not an inline script, so a
// Content-Security-Policy can forbid inline scripts; deferred scripts run before DOMContentLoaded.
window.addEventListener("DOMContentLoaded", function () {
  var target = document.getElementById("swagger-ui");
  if (!target || !window.SwaggerUIBundle) {
    return;
  }
  window.ui = window.SwaggerUIBundle({
    url: target.getAttribute("data-openapi-url"),
    domNode: target,
    deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
