// Context words in German and English that say what a nearby number is ("Tel.", "IBAN",
// "Steuer-ID", "Rechnungsnr.", "Version" ...). Detectors ask for the label nearest before a
// candidate. Words are compared normalised (lower case, dots and hyphens removed: "St.-Nr." → "stnr").

/** What a label says about the number that follows it. */
export type LabelKind = 'phone' | 'iban' | 'card' | 'taxId' | 'taxNumber' | 'birth' | 'version' | 'reference';

const WORDS: Readonly<Record<LabelKind, string>> = {
  phone: `tel telnr telefon telefonnr telefonnummer telephone phone phonenumber fon mobil mobile mobilnummer mobilfunk
    handy handynummer cell cellphone fax telefax faxnummer rufnummer durchwahl festnetz festnetznummer hotline whatsapp
    rückruf rueckruf rückrufnummer anrufen call callback ring text erreichbar erreichen reach telephonenumber
    phoneno callbacknumber mobilenumber contactnumber durchwahlnummer servicenummer notfallnummer notrufnummer
    kontaktnummer zentrale`,
  iban: `iban konto kontonummer kontoverbindung bankverbindung account accountnumber accountno bankdetails beneficiary`,
  card: `karte karten kartennummer kartenzahlung kreditkarte kreditkarten kreditkartennummer card cardnumber creditcard
    creditcardnumber debitcard visa mastercard amex americanexpress maestro jcb diners dinersclub discover
    zahlungsmittel`,
  taxId: `steuerid steueridentifikationsnummer identifikationsnummer steuerlicheidentifikationsnummer idnr tin taxid
    taxidentificationnumber`,
  taxNumber: `steuernummer steuernr stnr taxnumber taxno finanzamt`,
  birth: `geb geboren gebdatum geburtsdatum geburtstag born dob dateofbirth birthdate birthday`,
  version: `version ver v release build patch firmware software sdk update upgrade`,
  reference: `bestellung bestellnr bestellnummer order orderno orderid rechnung rechnungsnr rechnungsnummer rechnungnr
    invoice invoiceno kundennr kundennummer kdnr kundenid customer customerid customerno sendungsnummer
    sendungsverfolgung tracking trackingno auftrag auftragsnr auftragsnummer vertragsnr vertragsnummer vorgang
    vorgangsnr vorgangsnummer ticket ticketid ticketnr ticketnummer referenz referenznummer reference ref belegnr
    belegnummer artikelnr artikelnummer artnr isbn ean gtin sku serial serialno seriennr seriennummer mandatsreferenz
    gläubigerid glaeubigerid gläubigeridentifikationsnummer creditor creditorid creditoridentifier policennummer
    versicherungsschein versicherungsscheinnr versicherungsnummer personalnr personalnummer matrikelnr
    matrikelnummer az aktenzeichen geschäftszeichen caseno claimno lieferschein lieferscheinnr lieferscheinnummer
    inventarnr inventarnummer urnr hrb hra ustid ustidnr vat vatid vatno batch lot po sn transaction transactionid
    mitgliedsnummer mitgliedsnr membernumber policynumber referencenumber ordernumber customernumber invoicenumber
    trackingnumber casenumber claimnumber serialnumber ticketnumber contractnumber transactionnumber
    reservationnumber bookingnumber confirmationnumber membershipnumber employeenumber itemnumber partnumber
    productnumber modelnumber versionnumber vatnumber registrationnumber licencenumber licensenumber idnumber`,
};

const LABELS = new Map<string, LabelKind>();
for (const kind of Object.keys(WORDS) as LabelKind[]) {
  for (const w of WORDS[kind].split(/\s+/)) if (w) LABELS.set(w, kind);
}

/** Compound endings that make a reference label ("Mitgliedsnummer", "Kunden-ID", "member number"). */
const REFERENCE_ENDINGS = ['nummer', 'nr', 'id', 'number', 'no'];

/** How far before a candidate (UTF-16 units) a label still counts. */
export const LABEL_WINDOW = 40;

function isLabelChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 46 || c === 45 || (c >= 0xc0 && c <= 0x24f);
}

function normalise(word: string): string {
  const lower = word.toLowerCase();
  return lower.includes('.') || lower.includes('-') ? lower.replace(/[.-]/g, '') : lower;
}

function kindOf(key: string): LabelKind | null {
  const direct = LABELS.get(key);
  if (direct !== undefined) return direct;
  if (key.startsWith('geburts')) return 'birth';
  if (key.length > 4) {
    for (const ending of REFERENCE_ENDINGS) {
      if (key.endsWith(ending) && key.length > ending.length + 2) return 'reference';
    }
  }
  return null;
}

/**
 * The kind of the label nearest before `start` within `window` units, or null. Up to three words
 * are tried together, so "date of birth", "tax ID" and "Kunden Nr." are labels too.
 */
export function labelBefore(text: string, start: number, window: number = LABEL_WINDOW): LabelKind | null {
  const limit = Math.max(0, start - window);
  const keys: string[] = [];
  let i = start;
  let digits = 0;
  while (i > limit && keys.length < 8) {
    while (i > limit && !isLabelChar(text.charCodeAt(i - 1))) {
      // Three or more digits in a row are another value: labels further left belong to it.
      const c = text.charCodeAt(i - 1);
      digits = c >= 48 && c <= 57 ? digits + 1 : 0;
      if (digits >= 3) return null;
      i--;
    }
    digits = 0;
    const end = i;
    while (i > limit && isLabelChar(text.charCodeAt(i - 1))) i--;
    if (end === i) break;
    const word = text.slice(i, end);
    const key = normalise(word);
    if (key === '') continue;
    keys.push(key);
    const n = keys.length;
    // Longest combination first: "date of birth" before "birth".
    if (n >= 3) {
      const triple = LABELS.get(keys[n - 1]! + keys[n - 2]! + keys[n - 3]!);
      if (triple !== undefined) return triple;
    }
    if (n >= 2) {
      const pair = LABELS.get(key + keys[n - 2]!);
      if (pair !== undefined) return pair;
    }
    // "Firmware-Version", "Kunden-Nr.": the whole word, else its last part.
    const k1 = kindOf(key) ?? (word.includes('-') ? kindOf(normalise(word.slice(word.lastIndexOf('-') + 1))) : null);
    if (k1 !== null) return k1;
  }
  return null;
}
