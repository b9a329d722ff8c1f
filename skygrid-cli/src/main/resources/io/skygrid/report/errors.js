// Collects page errors into the DOM (#errors and data-errors on <html>) so that headless tests and readers see them.
(function () {
  var errors = [];
  function show(message) {
    errors.push(String(message));
    document.documentElement.setAttribute('data-errors', String(errors.length));
    var el = document.getElementById('errors');
    if (el) { el.hidden = false; el.textContent = errors.join('\n'); }
  }
  window.addEventListener('error', function (e) {
    show('error: ' + (e.message || e) + (e.filename ? ' (' + e.filename + ':' + e.lineno + ')' : ''));
  });
  window.addEventListener('unhandledrejection', function (e) { show('unhandled rejection: ' + e.reason); });
  var consoleError = console.error, consoleWarn = console.warn;
  console.error = function () { show('console.error: ' + Array.prototype.join.call(arguments, ' ')); return consoleError.apply(console, arguments); };
  console.warn = function () { show('console.warn: ' + Array.prototype.join.call(arguments, ' ')); return consoleWarn.apply(console, arguments); };
  window.skygridReportError = show;
  document.addEventListener('DOMContentLoaded', function () {
    if (errors.length) { var el = document.getElementById('errors'); if (el) { el.hidden = false; el.textContent = errors.join('\n'); } }
  });
})();
