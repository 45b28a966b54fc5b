// Runs before the widget: every CSP or Trusted Types violation on the page is kept for the test.
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
