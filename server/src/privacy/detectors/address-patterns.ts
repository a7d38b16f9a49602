// Regex building blocks and word lists for the ADDRESS detector. The detector walks the digit runs
// of the text once (every address has a house number or a postcode); these regexes then run only
// on short slices before a number (end-anchored) or at a position (sticky), never over the text.

const SP = '[ \\u00A0\\u202F]';
/** A capitalised word: letters, combining marks, inner hyphens and apostrophes. */
const WORD = "\\p{Lu}[\\p{L}\\p{M}'’-]*";
const NOT_LETTER = "(?:^|[^\\p{L}\\p{M}'’-])";
const PREPOSITION =
  '(?:Am|An|An der|An den|Auf dem|Auf der|Auf den|Im|In der|In den|Unter den|Zum|Zur|Hinter dem|Hinter der|Vor dem|Bei der|Beim)';
const ROMANCE =
  '(?:Rue|Avenue|Boulevard|Bd\\.?|Chemin|Route|Place|Quai|Allée|Via|Viale|Piazza|Piazzale|Corso|Largo|Calle|Avenida|Plaza|Paseo|Rua|Praça|ul\\.|Ulica|Aleja|al\\.)';
const ROMANCE_LINK = "(?:(?:de la|de l'|du|des|de|d'|della|delle|dei|del|di|da|do|dos)" + SP + '?)?';
const EN_SUFFIX =
  '(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Court|Ct|Place|Pl|Square|Sq|Terrace|Close|Crescent|Gardens|Grove|Hill|Parkway|Pkwy|Row|Mews|Walk|Highway|Hwy)';
const HOUSE_NUMBER = `\\d{1,4}(?:${SP}?[a-zA-Z](?![\\p{L}]))?(?:${SP}?[-–/]${SP}?\\d{1,4}[a-zA-Z]?(?![\\p{L}])){0,3}`;
const NUMBER_END = `(?![\\p{N}]|[.,]\\d|${SP}?(?:%|€|[Kk]m\\b|m\\b|kg\\b|[Uu]hr\\b|[Ss]tück|[Ee]uro|EUR\\b|[Pp]rozent|[Mm]eter|[Jj]ahre))`;
const COUNTRY_PREFIX = '(?:(?:D|DE|A|AT|CH|FL|L)-)?';
const UK_POSTCODE = `[A-Z]{1,2}\\d[A-Z\\d]?${SP}?\\d[A-Z]{2}`;
const CITY = `${WORD}(?:${SP}(?:am|an der|im|in|ob der|bei|an|unter|vor der)${SP}${WORD}|${SP}\\(${WORD}\\)|/${WORD})?`;

/** Lower-case endings of German, Austrian and Swiss street names ("…straße", "…weg", "…allee"). */
export const DE_STREET_END =
  /(?:stra(?:ß|ss)e|str\.|gasse|weg|allee|platz|ring|damm|ufer|chaussee|steig|pfad|markt|graben|wall|kai|promenade|stieg|zeile|twiete|steg|gässle|gässli)$/;
/** Turkish street words that follow the name ("İstiklal Caddesi 45"). */
export const TURKISH_STREET_WORDS: ReadonlySet<string> = new Set(
  'caddesi cad. sokak sokağı sok. bulvarı mahallesi mah.'.split(' '),
);
/** Sticky: a house number (with letter, range or stair/door parts) and what may not follow it. */
export const HOUSE_NUMBER_AT = new RegExp(`${HOUSE_NUMBER}${NUMBER_END}`, 'uy');
/** Ends with "Am Markt " / "Unter den Linden " before a house number; group 1 = the street noun(s). */
export const PREPOSITION_BEFORE = new RegExp(
  `${NOT_LETTER}(${PREPOSITION}${SP}(${WORD}(?:${SP}${WORD})?)${SP}{1,2})$`,
  'u',
);
/** Ends with "Via Nassa " / "Rue du Rhône " / "Straße des 17. Juni " before a house number. */
export const ROMANCE_BEFORE = new RegExp(
  `${NOT_LETTER}((?:${ROMANCE}${SP}${ROMANCE_LINK}${WORD}(?:${SP}${WORD}){0,2}|Stra(?:ß|ss)e${SP}de[rs]${SP}(?:\\d{1,2}\\.${SP})?${WORD})${SP}{1,2})$`,
  'u',
);
/** Sticky at a digit: "221B Baker Street", "1600 Pennsylvania Ave NW", "25 Rue du Rhône". */
export const NUMBER_FIRST_AT = new RegExp(
  `\\d{1,5}[A-Za-z]?,?${SP}(?:` +
    `(?:(?:North|South|East|West|N|S|E|W)\\.?${SP})?(?:${WORD}${SP}){1,3}${EN_SUFFIX}\\.?(?:${SP}(?:NW|NE|SW|SE))?` +
    `|(?:bis|ter)?(?:[Rr]ue|[Aa]venue|[Bb]oulevard|[Pp]lace|[Cc]hemin|[Rr]oute|[Aa]llée|[Qq]uai|[Ii]mpasse)${SP}${ROMANCE_LINK}${WORD}(?:${SP}${WORD}){0,2}` +
    ')(?![\\p{L}\\p{N}])',
  'uy',
);
/** "Flat 3, " / "Suite 400, " directly before a number-first address. */
export const APARTMENT_BEFORE = new RegExp(`(?:Flat|Apt\\.?|Apartment|Suite|Unit)${SP}\\w{1,5},${SP}$`, 'u');
/** Sticky: ", 10115 Berlin" / "\n1060 Wien" / " CH-8400 Winterthur" after a house number. */
export const POSTCODE_TAIL = new RegExp(
  `(?:,${SP}*|${SP}*\\r?\\n${SP}*|${SP}+(?:in${SP}+)?)${COUNTRY_PREFIX}\\d{4,5}${SP}+${CITY}`,
  'uy',
);
/** Sticky: ", London SW1A 2AA" / ", New York, NY 10118" after an English street. */
export const EN_TAIL = new RegExp(
  `(?:,${SP}(?:Apt\\.?|Apartment|Suite|Ste\\.?|Unit|Flat|Floor|Fl\\.?|#)${SP}?[A-Za-z0-9-]{1,6})?,${SP}${WORD}(?:${SP}${WORD}){0,2}(?:,?${SP}[A-Z]{2}${SP}\\d{5}(?:-\\d{4})?|${SP}${UK_POSTCODE})(?![\\p{L}\\p{N}])`,
  'uy',
);
/** Ends with a city line's separator: ", " or a line break, and an optional "D-"/"CH-" prefix. */
export const POSTCODE_LEAD = new RegExp(`(?:,${SP}*|\\n${SP}*)${COUNTRY_PREFIX}$`);
/** Ends with "Lange Reihe 12" and the separator: a street the patterns do not know, before a postcode. */
export const NAMED_STREET_BEFORE = new RegExp(
  `${NOT_LETTER}(${WORD}(?:${SP}(?:${WORD}|de[rsn]|am|an|im|zum|zur|di|da|del|du|de la)){0,3}${SP}{1,2}${HOUSE_NUMBER})(?:,${SP}*|${SP}*\\r?\\n${SP}*)${COUNTRY_PREFIX}$`,
  'u',
);
/** What precedes the digit-led end of an English postcode: UK outward code ("SW1A ") or state ("NY "). */
export const EN_POSTCODE_HEAD = new RegExp(`(?:^|${SP})([A-Z]{1,2}\\d[A-Z\\d]?${SP}?|[A-Z]{2}${SP})$`);
/** Ends with "14 Albert Embankment, London " (a numbered street and a city) before a postcode. */
export const NUMBERED_STREET_BEFORE = new RegExp(
  `(?:^|[^\\p{L}\\p{N}.,/-])(\\d{1,5}[A-Za-z]?${SP}(?:${WORD}${SP}){0,3}${WORD},${SP}${WORD}(?:${SP}${WORD}){0,2},?${SP})$`,
  'u',
);

/** Compounds that end like a street but are not one ("Parkplatz 14", "Rechtsweg", "Firewall 2"). */
export const NOT_STREETS: ReadonlySet<string> = new Set(
  (
    'parkplatz stellplatz arbeitsplatz sitzplatz ausbildungsplatz studienplatz kitaplatz liegeplatz spielplatz ' +
    'rechtsweg umweg ausweg lösungsweg dienstweg rückweg zahlungsweg versandweg lieferweg arbeitsweg bildungsweg ' +
    'bahnsteig binnenmarkt arbeitsmarkt wohnungsmarkt aktienmarkt kapitalmarkt firewall kopfzeile fußzeile ' +
    'betreffzeile zeile staudamm schützengraben weg platz ring markt'
  ).split(' '),
);
/** Nouns after "Am/Im/Zum" that make a phrase, not a street ("Im Jahr", "Am Montag", "Zum Beispiel"). */
export const NOT_PREPOSITION_NOUNS: ReadonlySet<string> = new Set(
  (
    'jahr jahre jahren monat monaten quartal zeitraum ende anfang rahmen zuge vorfeld auftrag namen fall falle punkt ' +
    'kapitel abschnitt teil bereich moment sinne hinblick durchschnitt schnitt vergleich vorjahr haus raum zimmer ' +
    'gebäude stock geschoss büro alter beispiel zeit tag tage termin montag dienstag mittwoch donnerstag freitag ' +
    'samstag sonntag januar februar märz april mai juni juli august september oktober november dezember schluss ' +
    'prinzip grunde übrigen wesentlichen ganzen allgemeinen ergebnis gesamt stand wert verhältnis gleis platz'
  ).split(' '),
);
/** Capitalised words that start sentences, not street names ("Die Straße …"). */
export const DETERMINERS: ReadonlySet<string> = new Set(
  'die der das den dem des eine einer ihre ihrer meine unsere seine diese dieser jede von an bis nach'.split(' '),
);
/** Words before a preposition-form street that say an address follows. */
export const ADDRESS_LABEL =
  /(?:wohnhaft|wohnt|anschrift|adresse|address|postanschrift|firmensitz|sitz|ansässig|zustellung|lieferung|located at|lives at|office is at|based at|in der|at|an|auf|nach)[:\s]*$/iu;
