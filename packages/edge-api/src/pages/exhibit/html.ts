import { canonicalJson, type Evidence, type Locale } from '@signet/sdk';
import { checkScript } from './check-script.js';
import { localDate, localDateTime } from './local-time.js';
import { narrativeOf, personLine } from './narrative.js';
import { exhibitTexts } from './texts.js';

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const esc = (text: string) => text.replace(/[&<>"']/g, (char) => escapes[char] ?? char);

/**
 * The look of Signet's documents for people (exhibit, and the receipt that shares it): screen,
 * and print on A4 with "Seite 1 von n" from the @page counters.
 */
export const documentStyles = (pageLabel: { page: string; of: string }) => `
:root { color: #1b1b1f; background: #fff; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; margin: 0; }
main { max-width: 46rem; margin: 0 auto; padding: 2rem 1.25rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 2px solid #1b1b1f; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .4rem; }
.sub { color: #4a4a52; margin: 0 0 1.25rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid #d0d0d6; }
th { width: 30%; font-weight: 600; }
pre, code { font: 12px/1.45 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f3f3f5; padding: .6rem; border-radius: 4px; margin: .3rem 0; }
pre.json, #jwks, #excerpt, code { word-break: break-all; }
.record { border-top: 1px solid #d0d0d6; padding: .5rem 0; }
.record p { margin: .2rem 0; }
button { font: inherit; padding: .55rem 1.1rem; border: 0; border-radius: 6px; background: #1a56db; color: #fff; cursor: pointer; }
button:focus-visible { outline: 3px solid #b45309; outline-offset: 2px; }
#check-result { font-weight: 600; }
#check-result.valid { color: #0f6b2f; }
#check-result.invalid { color: #b3261e; }
.note { color: #4a4a52; font-size: .9rem; }
@page { size: A4; margin: 18mm 16mm 20mm;
  @bottom-right { content: "${pageLabel.page} " counter(page) " ${pageLabel.of} " counter(pages); font: 9pt Helvetica, Arial, sans-serif; color: #4a4a52; } }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  button, #check-result { display: none; }
  h2, h3 { break-after: avoid; }
  tr, .record, .wording, .purpose p, pre { break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
`;

/** `'sha256-…'` of a text, for a CSP source list. */
async function cspHash(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return `'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`;
}

/** The CSP of the exhibit: nothing from anywhere, its own style and script by hash. */
export async function exhibitPolicy(css: string): Promise<string> {
  return `default-src 'none'; script-src ${await cspHash(checkScript)}; style-src ${await cspHash(css)}; img-src 'none'; base-uri 'none'; form-action 'none'`;
}

/** How the page labels its page numbers in print ("Seite 1 von 3"). */
export const pageWords: Record<Locale, { page: string; of: string }> = {
  de: { page: 'Seite', of: 'von' },
  en: { page: 'Page', of: 'of' },
  fr: { page: 'Page', of: 'sur' },
};

export interface ExhibitHtml {
  html: string;
  /** The policy the page carries in its meta tag, for the response header too. */
  policy: string;
}

/**
 * The exhibit as one HTML file that stands alone: readable, printable on A4, and checkable
 * offline by its own button (check-script.ts) under a CSP that allows only its own inline
 * script and style, by hash.
 */
export async function exhibitHtml(
  evidence: Evidence,
  options: { publicUrl: string; jsonFileName: string },
): Promise<ExhibitHtml> {
  const locale = evidence.locale;
  const t = exhibitTexts[locale];
  const zone = evidence.timeZone;
  const when = (iso: string) => esc(localDateTime(iso, locale, zone));
  const css = documentStyles(pageWords[locale]);
  const policy = await exhibitPolicy(css);
  const narrative = narrativeOf(evidence, locale);
  const { controller } = evidence;
  const erasure = evidence.erasures.at(-1);
  const usedKids = new Set([
    ...evidence.records.map((signed) => signed.kid),
    ...(evidence.excerpt ? [evidence.excerpt.kid] : []),
  ]);
  const keys = { keys: evidence.jwks.keys.filter((key) => key.kid && usedKids.has(key.kid)) };
  const controllerCell = [
    esc(controller.name),
    controller.address ? esc(controller.address) : '',
    controller.contact ? `${esc(t.contact)}: ${esc(controller.contact)}` : '',
    controller.privacyPolicyUrl
      ? `${esc(t.privacyPolicy)}: ${esc(controller.privacyPolicyUrl)}`
      : '',
  ]
    .filter(Boolean)
    .join('<br>');

  const facts = `<table class="facts"><tbody>
<tr><th scope="row">${esc(t.controller)}</th><td>${controllerCell}</td></tr>
<tr><th scope="row">${esc(t.site)}</th><td>${esc(evidence.siteName)} (${esc(evidence.site)})</td></tr>
<tr><th scope="row">${esc(t.person)}</th><td>${esc(personLine(evidence, locale))}</td></tr>
<tr><th scope="row">${esc(t.made)}</th><td>${when(evidence.generatedAt)}</td></tr>
</tbody></table>
<p class="note">${esc(t.timesIn(zone))}</p>`;

  const stories = narrative
    .map(
      (story) => `<section class="purpose" aria-labelledby="purpose-${esc(story.purpose)}">
<h3 id="purpose-${esc(story.purpose)}">${esc(t.purposeHeading(story.label))}</h3>
${story.paragraphs.map((paragraph) => `<p>${esc(paragraph)}</p>`).join('\n')}
</section>`,
    )
    .join('\n');

  const erasureSection = erasure
    ? `<h3>${esc(t.erasureHeading)}</h3><p>${esc(t.erasureText(localDate(erasure.at, locale, zone), erasure.cause === 'all-withdrawn'))}</p>`
    : '';

  const fields = ['label', 'processed', 'purpose', 'retention', 'withdrawal'] as const;
  const wordings = evidence.wordings
    .map(
      ({ version, wording }) => `<div class="wording">
<h3>${esc(wording.label)}</h3>
<table><tbody>
${fields.map((field) => `<tr><th scope="row">${esc(t.wordingFields[field])}</th><td>${esc(wording[field])}</td></tr>`).join('\n')}
<tr><th scope="row">${esc(t.wordingVersion)}</th><td><code>${esc(version)}</code> (${esc(wording.locale)})</td></tr>
</tbody></table></div>`,
    )
    .join('\n');

  const messages =
    evidence.messages.length > 0
      ? `<p>${esc(t.redaction)}</p>${evidence.messages
          .map(
            (message) => `<div class="message"><h3>${esc(message.subject)}</h3>
<p>${message.sentAt ? esc(t.messageSent(localDateTime(message.sentAt, locale, zone))) : ''}
${message.linkSha256 ? ` ${esc(t.hash)}: <code>${esc(message.linkSha256)}</code>` : ''}</p>
<pre>${esc(message.text)}</pre></div>`,
          )
          .join('\n')}`
      : `<p>${esc(erasure ? t.messagesErased(localDate(erasure.at, locale, zone)) : t.noMessages)}</p>`;

  const records = evidence.records
    .map(
      (signed) => `<article class="record">
<h3>${esc(t.record(signed.record.seq, t.events[signed.record.event] ?? signed.record.event))}</h3>
<p>${esc(t.canonicalJson)}:</p>
<pre class="json">${esc(canonicalJson(signed.record))}</pre>
<p>${esc(t.hash)}: <code class="hash">${esc(signed.hash)}</code></p>
<p>${esc(t.signature)}: <code class="sig">${esc(signed.sig)}</code></p>
<p>kid: <code class="kid">${esc(signed.kid)}</code></p>
</article>`,
    )
    .join('\n');

  const excerpt = evidence.excerpt
    ? `<p>${esc(t.excerptIntro)}</p><pre id="excerpt">${esc(JSON.stringify(evidence.excerpt, null, 1))}</pre>`
    : `<p>${esc(t.noExcerpt)}</p>`;

  const jwksUrl = `${options.publicUrl}/.well-known/jwks.json`;
  const body = `<main>
<h1>${esc(t.title)}</h1>
<p class="sub">${esc(t.subtitle)}</p>
${facts}
<h2>${esc(t.narrativeHeading)}</h2>
${stories}
${erasureSection}
<h2>${esc(t.wordingHeading)}</h2>
<p>${esc(t.wordingIntro)}</p>
${wordings}
<h2>${esc(t.messagesHeading)}</h2>
${messages}
<h2>${esc(t.appendixHeading)}</h2>
<p>${esc(t.appendixIntro)}</p>
${records}
<h3>${esc(t.keyHeading)}</h3>
<pre id="jwks">${esc(JSON.stringify(keys, null, 1))}</pre>
<h3>${esc(t.excerptHeading)}</h3>
${excerpt}
<h2>${esc(t.howToCheckHeading)}</h2>
<p>${esc(t.howToCheckCli)}</p>
<pre>npx signet verify ${esc(options.jsonFileName)} --jwks ${esc(jwksUrl)}</pre>
<p>${esc(t.howToCheckBrowser)}</p>
<p><button type="button" id="check" hidden data-valid="${esc(t.checkValid)}" data-invalid="${esc(t.checkInvalid)}" data-unsupported="${esc(t.checkUnsupported)}">${esc(t.checkButton)}</button></p>
<p id="check-result" role="status" aria-live="polite"></p>
<p class="note">${esc(t.narrativeNotChecked)}</p>
</main>`;

  const html = `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(policy)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(`${t.title}: ${evidence.siteName}, ${evidence.person.reference}`)}</title>
<style>${css}</style>
</head>
<body>
${body}
<script>${checkScript}</script>
</body>
</html>`;
  return { html, policy };
}
