// The /docs page: Swagger UI (vendor/swagger-ui) over this server's own /openapi.json.
(function () {
  "use strict";
  window.addEventListener("DOMContentLoaded", function () {
    window.ui = window.SwaggerUIBundle({
      url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true,
      // No validator badge: it would fetch from validator.swagger.io.
      validatorUrl: null
    });
  });
})();
