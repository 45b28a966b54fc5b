// The example pages' one option, for trying things out (and for e2e/customer-path.spec.ts):
// `?resend-after=SECONDS` shortens the form's wait before "send again". A file of its own, so
// the pages keep a CSP without inline scripts.
const wait = new URLSearchParams(location.search).get('resend-after');
if (wait && /^\d{1,3}$/.test(wait)) {
  for (const form of document.querySelectorAll('signet-form')) {
    form.setAttribute('resend-after', wait);
  }
}
