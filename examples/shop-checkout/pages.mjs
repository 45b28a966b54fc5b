// The shop's pages: plain HTML, styles from /shop.css (the CSP allows no inline style or script).

const esc = (text) => String(text).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const layout = (title, body, signetUrl = null) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · Mug Shop</title>
<link rel="stylesheet" href="/shop.css">
${signetUrl ? `<script type="module" src="${esc(signetUrl)}/signet.js"></script>` : ''}
</head>
<body>
<header><a href="/">Mug Shop</a> <nav aria-label="Shop"><a href="/webhooks">Webhooks received</a> <a href="/newsletter">Newsletter</a></nav></header>
<main>
${body}
</main>
</body>
</html>`;

export function orderPage(config, problem = null) {
  return layout(
    'Checkout',
    `<h1>Checkout</h1>
<p>One Signet mug, €12.</p>
${problem ? `<p class="problem" role="alert">${esc(problem)}</p>` : ''}
<form method="post" action="/orders">
  <p><label for="name">Name</label><input id="name" name="name" autocomplete="name" required></p>
  <p><label for="email">Email</label><input id="email" name="email" type="email" autocomplete="email" required></p>
  <fieldset>
    <legend>Optional: stay in touch</legend>
    <p class="hint">Your order does not depend on these boxes. We send a confirmation link for each one you tick.</p>
    <signet-consent-fields site="${esc(config.site)}" endpoint="${esc(config.signetUrl)}" lang="en"></signet-consent-fields>
  </fieldset>
  <p><button type="submit">Place order</button></p>
</form>`,
    config.signetUrl,
  );
}

export function orderPlacedPage(order, newsletter) {
  const asked = order.consent.length > 0;
  const status = newsletter.allowed
    ? `Yes: confirmed since ${esc(newsletter.since)}`
    : newsletter.reason === 'error'
      ? `No: Signet could not be asked (${esc(newsletter.error?.code ?? 'error')}), so we do not send`
      : asked
        ? 'Not yet: waiting for you to confirm the link in your email'
        : 'No: you did not ask for it';
  return layout(
    `Order ${order.id}`,
    `<h1>Thank you, order ${esc(order.id)} is placed</h1>
<p>${esc(order.product)} for ${esc(order.name)}.</p>
${asked ? `<p>We sent a confirmation link to ${esc(order.email)} for: ${order.consent.map(esc).join(', ')}.</p>` : ''}
<h2>May we send you the newsletter?</h2>
<p id="newsletter-status">${status}</p>`,
  );
}

export function eventsPage(events) {
  const rows = events
    .map(
      ({ id, received, event, acknowledged }) =>
        `<tr><td>${esc(event.type)}</td><td>${esc(event.data.purpose ?? '')}</td><td>${esc(typeof event.data.record === 'string' ? event.data.record : (event.data.record?.record.seq ?? ''))}</td><td><code>${esc(id)}</code></td><td>${esc(received)}</td><td>${acknowledged ? `stopped in ${esc(acknowledged.system)} at ${esc(acknowledged.at)}` : ''}</td></tr>`,
    )
    .join('');
  return layout(
    'Webhooks',
    `<h1>Webhooks received</h1>
<p>Each verified with the endpoint's secret; a delivery retried by Signet is listed once. A withdrawal or erasure is applied to the shop's mailing list, then acknowledged to Signet.</p>
${
  events.length
    ? `<table><caption>Verified events, newest first</caption><thead><tr><th scope="col">Event</th><th scope="col">Purpose</th><th scope="col">Record</th><th scope="col">Id</th><th scope="col">Received</th><th scope="col">Mailing list</th></tr></thead><tbody>${rows}</tbody></table>`
    : '<p id="no-events">None yet.</p>'
}`,
  );
}

export function newsletterPage(mailing) {
  const result = mailing
    ? `<h2>Checked ${mailing.length} customers</h2>
<ul>${mailing
        .map((m) =>
          m.send
            ? `<li>${esc(m.email)}: send, with <code>List-Unsubscribe</code> and one-click headers</li>`
            : `<li>${esc(m.email)}: do not send (${esc(m.why)})</li>`,
        )
        .join('')}</ul>`
    : '';
  return layout(
    'Newsletter',
    `<h1>Newsletter</h1>
<p>Before a mailing the shop asks Signet about the whole list at once and sends only to those with an active, confirmed consent.</p>
<form method="post" action="/newsletter"><button type="submit">Check the list</button></form>
${result}`,
  );
}

export const stylesheet = `
:root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.5; }
body { margin: 0 auto; max-width: 40rem; padding: 1rem; }
header { display: flex; justify-content: space-between; gap: 1rem; margin-bottom: 1rem; }
nav a { margin-left: 1rem; }
label { display: block; font-weight: 600; }
input { font: inherit; padding: 0.4rem; width: 100%; box-sizing: border-box; }
fieldset { border: 1px solid GrayText; border-radius: 0.5rem; margin: 1rem 0; }
.hint { font-size: 0.9rem; }
.problem { color: #b00020; font-weight: 600; }
@media (prefers-color-scheme: dark) { .problem { color: #ff8a80; } }
button { font: inherit; padding: 0.5rem 1.2rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; padding: 0.25rem 0.5rem; border-bottom: 1px solid GrayText; }
`;
