import { PDFDocument, StandardFonts } from '@pdfme/pdf-lib';
import { canonicalJson, type Evidence } from '@signet/sdk';
import { localDate, localDateTime } from './local-time.js';
import { narrativeOf, personLine } from './narrative.js';
import { Encoder, PdfWriter } from './pdf-writer.js';
import { exhibitTexts } from './texts.js';

/**
 * The exhibit as a PDF made in the Worker (pdf-lib): real text in the standard Helvetica and
 * Courier (WinAnsi, which holds every German and French character; pdf-writer.ts checks each
 * one), A4 pages numbered "Seite 1 von n", title, author, subject and language set. The same
 * content as the HTML; its offline check is the HTML's and the CLI's.
 */
export async function exhibitPdf(
  evidence: Evidence,
  options: { publicUrl: string; jsonFileName: string },
): Promise<Uint8Array> {
  const locale = evidence.locale;
  const t = exhibitTexts[locale];
  const zone = evidence.timeZone;
  const doc = await PDFDocument.create();
  const [regular, bold, mono] = await Promise.all([
    doc.embedFont(StandardFonts.Helvetica),
    doc.embedFont(StandardFonts.HelveticaBold),
    doc.embedFont(StandardFonts.Courier),
  ]);
  const encoder = new Encoder(regular);
  const w = new PdfWriter(doc, { regular, bold, mono }, encoder);
  const when = (iso: string) => localDateTime(iso, locale, zone);
  const { controller } = evidence;

  w.heading(t.title, 1);
  w.text(t.subtitle, { color: 'grey' });
  w.gap(10);
  w.row(
    t.controller,
    [
      controller.name,
      controller.address,
      controller.contact && `${t.contact}: ${controller.contact}`,
      controller.privacyPolicyUrl && `${t.privacyPolicy}: ${controller.privacyPolicyUrl}`,
    ]
      .filter(Boolean)
      .join('\n'),
  );
  w.row(t.site, `${evidence.siteName} (${evidence.site})`);
  w.row(t.person, personLine(evidence, locale));
  w.row(t.made, when(evidence.generatedAt));
  w.gap(4);
  w.text(t.timesIn(zone), { size: 9, color: 'grey' });

  w.heading(t.narrativeHeading, 2);
  for (const story of narrativeOf(evidence, locale)) {
    w.heading(t.purposeHeading(story.label), 3);
    for (const paragraph of story.paragraphs) {
      w.text(paragraph);
      w.gap(4);
    }
  }
  const erasure = evidence.erasures.at(-1);
  if (erasure) {
    w.heading(t.erasureHeading, 3);
    w.text(t.erasureText(localDate(erasure.at, locale, zone), erasure.cause === 'all-withdrawn'));
  }

  w.heading(t.wordingHeading, 2);
  w.text(t.wordingIntro);
  for (const { version, wording } of evidence.wordings) {
    w.heading(wording.label, 3);
    for (const field of ['label', 'processed', 'purpose', 'retention', 'withdrawal'] as const) {
      w.row(t.wordingFields[field], wording[field]);
    }
    w.row(t.wordingVersion, `${version} (${wording.locale})`, { mono: true });
  }

  w.heading(t.messagesHeading, 2);
  if (evidence.messages.length === 0) {
    w.text(erasure ? t.messagesErased(localDate(erasure.at, locale, zone)) : t.noMessages);
  } else {
    w.text(t.redaction);
    for (const message of evidence.messages) {
      w.heading(message.subject, 3);
      if (message.sentAt) w.text(t.messageSent(when(message.sentAt)), { color: 'grey' });
      if (message.linkSha256) w.row(t.hash, message.linkSha256, { mono: true });
      w.gap(4);
      w.text(message.text, { font: mono, size: 8.5 });
    }
  }

  w.heading(t.appendixHeading, 2);
  w.text(t.appendixIntro);
  for (const signed of evidence.records) {
    w.heading(t.record(signed.record.seq, t.events[signed.record.event] ?? signed.record.event), 3);
    w.row(t.canonicalJson, canonicalJson(signed.record), { mono: true });
    w.row(t.hash, signed.hash, { mono: true });
    w.row(t.signature, signed.sig, { mono: true });
    w.row('kid', signed.kid, { mono: true });
  }
  const kids = new Set([
    ...evidence.records.map((signed) => signed.kid),
    ...(evidence.excerpt ? [evidence.excerpt.kid] : []),
  ]);
  w.heading(t.keyHeading, 3);
  for (const key of evidence.jwks.keys.filter((k) => k.kid && kids.has(k.kid))) {
    w.text(canonicalJson(key), { font: mono, size: 8 });
  }
  w.heading(t.excerptHeading, 3);
  if (evidence.excerpt) {
    w.text(t.excerptIntro);
    w.text(canonicalJson(evidence.excerpt), { font: mono, size: 8 });
  } else {
    w.text(t.noExcerpt);
  }

  w.heading(t.howToCheckHeading, 2);
  w.text(t.howToCheckCli);
  w.text(
    `npx signet verify ${options.jsonFileName} --jwks ${options.publicUrl}/.well-known/jwks.json`,
    { font: mono, size: 8.5 },
  );
  w.gap(4);
  w.text(t.howToCheckPdf);
  if (encoder.replaced > 0) {
    w.gap(6);
    w.text(t.unencodable, { size: 9, color: 'grey' });
  }
  w.numberPages(t.page);

  doc.setTitle(`${t.title}: ${evidence.siteName}, ${evidence.person.reference}`);
  doc.setAuthor(controller.name || evidence.siteName);
  doc.setSubject(`${t.title} (${evidence.purposes.map((p) => p.id).join(', ')})`);
  doc.setCreator('Signet');
  doc.setProducer('Signet (pdf-lib)');
  doc.setLanguage(locale);
  doc.setCreationDate(new Date(evidence.generatedAt));
  doc.setModificationDate(new Date(evidence.generatedAt));
  return doc.save();
}
