// Context vocabulary for the PERSON detector: salutations, titles, particles, labels, greetings, roles and non-names.

/** Salutations directly before a name ("Herr", "Frau", "Mrs", "Signora"). */
export const HONORIFICS = [
  // German
  `Herr Herrn Hr Hrn Frau Fr Fräulein Frl`,
  // English
  `Mr Mrs Ms Miss Mx Mister Sir Dame Madam Madame Lady Lord Messrs Mesdames`,
  // other languages
  `Monsieur Mme Mlle Signor Signora Signore Sig Sra Sr Señor Señora Senhor Senhora Doña Pani Dhr Mevr Mevrouw`,
].join(' ');

/** Academic and professional titles that precede a name ("Prof. Dr. med.", "Dipl.-Ing.", "Mag."). */
export const ACADEMIC_TITLES = `Dr Dres Doktor Prof Professor Professorin Dipl Ing Mag Magister Magistra Med Jur Dent
  Vet Habil Rer Univ Priv Doz Dozent Dozentin PD PhD DPhil MBA LLM BSc MSc BEng MEng Kfm Kffr Oec Techn FH`;

/** Lower-case particles inside a name ("von der", "van den", "di", "bin"). */
export const NAME_PARTICLES = `von vom zu zum zur der den van ten ter te de di da del della dello degli dei dal dalla
  le la du dos do al el bin ibn ben bint abu af av y`;

/** Capitalised words that are never names and end a chain: function words, dates, company, legal and office words. */
export const NOT_NAMES = [
  // German function words and sentence starters
  `Der Die Das Dem Den Des Ein Eine Einen Einem Einer Eines Kein Keine Keinen Keinem Keiner Und Oder Aber Doch Denn
    Sondern Wenn Weil Dass Daß Damit Falls Sofern Soweit Sobald Solange Bevor Nachdem Während Obwohl Ob Als Wie Was
    Wer Wen Wem Wessen Wo Wohin Woher Warum Weshalb Wieso Welche Welcher Welches Welchen Ich Du Er Sie Es Wir Ihr Ihre
    Ihrem Ihren Ihrer Ihres Ihnen Mich Mir Dich Dir Sich Uns Euch Euer Eure Mein Meine Meinem Meinen Meiner Meines
    Dein Deine Deinem Deinen Deiner Sein Seine Seinem Seinen Seiner Seines Unser Unsere Unserem Unseren Unserer
    Unseres Dieser Diese Dieses Diesem Diesen Jener Jene Jenes Jeder Jede Jedes Jedem Jeden Alle Aller Alles Man Mit
    Ohne Für Gegen Durch Um Bei Nach Seit Aus Zu Auf In Im Ins Am Ans Unter Über Vor Hinter Neben Zwischen Bis Gemäß
    Laut Wegen Trotz Statt Anstatt Innerhalb Außerhalb Bezüglich Betreffend Hiermit Hierbei Hierzu Dazu Dabei Daher
    Darum Deshalb Deswegen Dennoch Jedoch Zudem Außerdem Ferner Sowie Bitte Vielen Dank Gerne Gern Ja Nein Nicht Auch
    Noch Schon Sehr Gut Neu Neue Neuer Neues Alt Alte Erste Ersten Erster Zweite Letzte Weitere Weiteren Anbei
    Beiliegend Anliegend Hier Dort Heute Morgen Gestern Jetzt Bald Immer Nie Oft Zur Zum Vom Beim Viele Beste Besten
    Freundliche Freundlichen Herzliche Herzlichen Schöne Schönen Sonnige Guten Gute Geehrte Geehrter Geehrtes
    Hochachtungsvoll Betreff Betr Anlage Anlagen Hinweis Achtung Wichtig Vertraulich Entwurf Kopie Zusammenfassung
    Fazit Ergebnis`,
  // English function words and sentence starters
  `The This That These Those There Here It Its He She They We You Me Him Her Us Them My Your Our Their His Hers Yours
    Ours Theirs Who Whom Whose What Which When Where Why How If Then Than Because Since Although Though While Whereas
    Unless Until And Or But Nor So Yet For Of With Without By At On Into Onto Over Under Above Below Before After
    During Between Among Through Across Against Within About Around Per Via As Also Not No Yes Please Thank Regards
    Sincerely Faithfully Kindly Best Warm Kind Re Fwd Fw Subject Attachment Attachments Note Notes Important Urgent
    Confidential Draft Summary Update Reminder Following Further Truly Respectfully Is Are Were Be Been Has Have Had
    Do Does Did Could Would Shall Should May Might Can Will Must New Old Other Another Each Every All Any Some Many
    Most More Less First Second Third Last Next Today Tomorrow Yesterday Now Just Only Still Already Again`,
  // months, weekdays and seasons
  `Januar Jänner Februar Feber März Juni Juli September Oktober November Dezember January February March July October
    December Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonnabend Sonntag Monday Tuesday Wednesday Thursday
    Friday Saturday Sunday Mo Mi Sa Mon Tue Tues Wed Thu Thur Thurs Fri Sat Feb Mar Apr Jul Aug Sep Sept Okt Oct Nov
    Dez Dec Frühling Frühjahr Ostern Pfingsten Weihnachten Silvester Neujahr Feiertag Wochenende Weekend Christmas
    Easter Spring Fall`,
  // people words that are no names
  `Damen Herren Herrschaften Leute Kollegen Kolleginnen Kunden Kundinnen Mitarbeiter Mitarbeiterinnen Mitarbeitenden
    Beschäftigten Mandanten Mandantinnen Mandantschaft Eheleute Eltern Kinder Geschwister Gegenseite Parteien
    Beteiligten Erben Team Teams Orga Crew Staff Colleagues Customers Clients Everyone Everybody Anyone Someone Ladies
    Gentlemen Folks Guys Friends Mensch Menschen Männer Frauen Person Personen Niemand Jemand Jedermann Gott Herrgott`,
  // company, organisation and office words
  `GmbH AG KG OHG UG SE eG eV Co Cie Inc Ltd Llc Llp Plc Corp Corporation Company Limited Holding Holdings Group
    Gruppe Konzern Firma Unternehmen Betrieb Verein Verband Stiftung Verlag Bank Sparkasse Volksbank Raiffeisenbank
    Commerzbank Postbank Versicherung Kanzlei Praxis Klinik Büro Office Zentrale Filiale Niederlassung Hauptsitz Sitz
    Abteilung Vertrieb Einkauf Verkauf Buchhaltung Personal Personalabteilung Marketing Controlling Management
    Geschäftsführung Geschäftsleitung Vorstand Aufsichtsrat Betriebsrat Sekretariat Empfang Poststelle Support Service
    Kundenservice Kundendienst Helpdesk Hotline Partners Partnerschaft Associates Consulting Solutions Services
    Systems Software Technologies Logistik Immobilien Motors Media Digital Capital Ventures Trust Fund Bureau Agency
    Department Division Branch Headquarters Council Committee Board Ministry Authority Finanzamt Amt Behörde Rathaus
    Stadt Gemeinde Land Bund Staat Republik Universität University College School Schule Institut Institute Hospital
    Krankenhaus Airport Flughafen Bahnhof Hauptbahnhof Hotel Restaurant Café Shop Store Markt Center Zentrum Museum`,
  // legal and court words
  `Gericht Amtsgericht Landgericht Oberlandesgericht Arbeitsgericht Verwaltungsgericht Sozialgericht Finanzgericht
    Bundesgerichtshof Bundesverfassungsgericht Court Tribunal Klage Klagen Urteil Beschluss Verfügung Bescheid Antrag
    Vollmacht Vertrag Vertrags Verträge Kaufvertrag Mietvertrag Arbeitsvertrag Vergleich Verfahren Rechtsstreit
    Rechtssache Sache Sachen Angelegenheit Streitsache Akte Aktenzeichen Az Geschäftszeichen Art Abs Nr Ziff Ziffer
    Satz Lit Buchst Anhang Anl Kap Kapitel Teil Abschnitt Paragraph Paragraf Gesetz Recht Rechte Pflicht Pflichten BGB
    HGB ZPO StGB StPO GG DSGVO BDSG Section Clause Article Schedule Exhibit Appendix Annex Chapter Part Table Figure
    Item Claim Matter Versus Vs Petitioner Honour Honor Lordship Ladyship Esq Notice Order Judgment Judgement Decree
    Writ Summons Motion`,
  // other capitalised nouns that collide with names
  `Tag Abend Nacht Woche Monat Jahr Jahre Jahres Zeit Uhr Datum Termin Frist Preis Betrag Summe Kosten Rechnung
    Zahlung Konto Karte Nummer Adresse Anschrift Straße Strasse Weg Platz Haus Wohnung Raum Etage Garten Wald See
    Fluss Insel Bad Dorf Schloss Burg Kirche Dom Brücke Tor Turm Mühle Feld Wolke Sonne Mond Regen Schnee Wind
    Hoffnung Freude Frieden Ehre Treue Wille Macht Geld Silber Eisen Glas Papier Brief Post Paket Mail Email Telefon
    Handy Fax Internet Online Liste Tabelle Seite Zeile Spalte Formular Vorlage Muster Beispiel Probe Test Version
    Stand Status Info Information Daten Text Namen Vorname Nachname Titel Thema Frage Antwort Bericht Protokoll Notiz
    Vermerk Memo Agenda Meeting Call Besprechung Sitzung Konferenz Workshop Projekt Plan Ziel Aufgabe Ticket Vorgang
    Problem Fehler Lösung Hilfe Gesundheit Wetter Feierabend Urlaub Glückwunsch Run Happy Birthday Main Street Road
    Avenue Drive Square Bench County Queen Kingdom Senate Parliament Government State Federal National International
    Global European German British English American French Italian Spanish Turkish Polish Russian Chinese Japanese
    Deutsche Deutschen Englisch Europa Europe Deutschland Germany Austria Österreich Schweiz Switzerland England
    London Berlin Wien Vienna Zürich Zurich Hamburg München Munich Köln Cologne Frankfurt Stuttgart Düsseldorf
    Dortmund Essen Leipzig Bremen Dresden Hannover Nürnberg Bonn Kiel Mainz Paris Rom Rome Madrid Amsterdam Brüssel
    Brussels Prag Warschau Istanbul Ankara York Washington Chicago Boston Seattle Toronto Sydney Dublin Edinburgh
    Manchester Birmingham Oxford Cambridge Bristol Leeds Liverpool Glasgow`,
].join(' ');

/** German noun endings and compound heads; an unknown word ending in one is a noun, not a name. */
export const NOUN_SUFFIXES = [
  // derivational endings
  `ung ungen heit heiten keit keiten schaft schaften tion tionen sion sionen tät täten ität itäten ismus ismen ment
    mente nis nisse ei eien erei ereien elei tum tümer enz enzen anz anzen tur turen logie logien grafie graphie nomie
    thek theken tik tiken chen lein wesen`,
  // compound heads that are nouns of their own
  `vertrag verträge vertrags termin termine gericht gerichts gerichte akte akten rechnung antrag anträge auftrag
    aufträge streit sache sachen verfahren bescheid urteil beschluss vollmacht brief briefe schreiben nummer konto
    konten bank amt amts ämter gesetz gesetze recht rechts ordnung kosten gebühr gebühren steuer steuern frist fristen
    betrag beträge preis preise liste listen bericht berichte protokoll formular unterlagen daten stelle stellen
    system systeme zentrum anfrage frage fragen auskunft gutachten schaden schäden anlage anlagen beilage partner
    partnerin team teams service support portal karte karten adresse leitung zeit zeiten tag tage jahr jahre monat
    monate woche wochen plan datei dateien programm software technik klinik fabrik musik republik grafik familie
    akademie energie strategie garantie kopie industrie kategorie therapie demokratie batterie galerie abteilung
    versicherung verwaltung hausverwaltung buchhaltung zentrale straße strasse platz allee gasse weg wege netz
    netzwerk werk werke zeug geld mittel gruppe gruppen abkommen wert werte raum räume büro gebäude wohnung zimmer
    markt märkte handel verkehr dienst dienste leistung arbeit arbeiten geschäft geschäfte ware waren produkt produkte
    artikel lager lieferung versand kunde kunden vereinbarung verordnung richtlinie vorschrift regelung bedingungen
    vermerk notiz sitzung gespräch gespräche besprechung konferenz meeting workshop projekt projekte aufgabe aufgaben
    ziel ziele punkt punkte stand status info modul kurs kurse schule schulen verein vereine verband stiftung institut
    behörde ministerium polizei feuerwehr`,
].join(' ');

/** Label words that introduce a name ("Mandantin:", "Kläger", "Ansprechpartner", "Patient"). */
export const PERSON_LABELS = [
  // German: parties and legal roles
  `Mandant Mandantin Kläger Klägerin Beklagter Beklagte Beklagten Antragsteller Antragstellerin Antragsgegner
    Antragsgegnerin Angeklagter Angeklagte Angeklagten Beschuldigter Beschuldigte Beschuldigten Zeuge Zeugin Schuldner
    Schuldnerin Gläubiger Gläubigerin Erblasser Erblasserin Erbe Erbin Betreuer Betreuerin Betreute Betreuter Vormund
    Gegner Gegnerin Nebenkläger Nebenklägerin Geschädigter Geschädigte Verletzte Verletzter Betroffene Betroffener
    Bevollmächtigter Bevollmächtigte Vertreter Vertreterin Verfahrensbeteiligter Insolvenzverwalter
    Insolvenzverwalterin Testamentsvollstrecker Nachlassverwalter Pfleger Pflegerin`,
  // German: contracts, business and HR
  `Ansprechpartner Ansprechpartnerin Ansprechperson Kontaktperson Kontakt Sachbearbeiter Sachbearbeiterin Bearbeiter
    Bearbeiterin Kunde Kundin Patient Patientin Mieter Mieterin Vermieter Vermieterin Pächter Pächterin Verpächter
    Käufer Käuferin Verkäufer Verkäuferin Darlehensnehmer Darlehensnehmerin Darlehensgeber Bürge Bürgin Arbeitnehmer
    Arbeitnehmerin Arbeitgeber Mitarbeiter Mitarbeiterin Bewerber Bewerberin Kandidat Kandidatin Auszubildender
    Auszubildende Azubi Praktikant Praktikantin Gesellschafter Gesellschafterin Geschäftsführer Geschäftsführerin
    Prokurist Prokuristin Inhaber Inhaberin Kontoinhaber Kontoinhaberin Empfänger Empfängerin Absender Absenderin
    Auftraggeber Auftraggeberin Auftragnehmer Auftragnehmerin Versicherter Versicherte Versicherungsnehmer
    Versicherungsnehmerin Vertragspartner Vertragspartnerin Unterzeichner Unterzeichnerin Prüfer Prüferin
    Referenzgeber Referenzgeberin Teilnehmer Teilnehmerin Ehemann Ehefrau Ehegatte Ehegattin Lebensgefährte
    Lebensgefährtin Sohn Tochter Vater Mutter Familie Verfasser Verfasserin Autor Autorin Nutzer Nutzerin Benutzer
    Benutzerin Mitglied Eigentümer Eigentümerin Halter Halterin Fahrer Fahrerin Student Studentin Bearbeitung
    Verantwortlich Verantwortliche Verantwortlicher Zuständig Zuständige Zuständiger`,
  // English
  `Client Customer Contact Employee Applicant Candidate Tenant Landlord Claimant Defendant Plaintiff Respondent
    Appellant Witness Guarantor Borrower Lender Buyer Seller Purchaser Vendor Beneficiary Payee Payer Recipient Sender
    Attendee Attendees Supervisor Owner Signatory Caller Member Author Assignee Requester Requestor Consultant
    Contractor Spouse Husband Wife Daughter Mother Family Landlady Executor Executrix Trustee Debtor Creditor Insured
    Policyholder Driver Passenger Pupil Participant Speaker Interviewee Reviewer Approver Manager Employer Accused
    Victim Deceased Testator Guardian Parent Child Minor`,
].join(' ');

/** Greetings and sign-offs that may stand right before a name ("Hallo Lukas", "LG Thomas"). */
export const GREETINGS = `Hallo Hallöchen Hi Hey Hej Hallihallo Liebe Lieber Liebes Dear Hello Hiya Moin Moinsen
  Servus Grüß Grüezi Grüzi Salü Salut Ciao Tschüss Tschüs Servas Gruß Grüße Grüsse Gruss Danke Dankeschön Thanks Thx
  Cheers Bye Morning Evening Greetings Howdy Ahoi Merci Gracias Grazie Bonjour Buongiorno Hola Merhaba Cześć LG VG MFG
  GLG`;

/** Professional roles that may stand between a salutation and the name ("Frau Rechtsanwältin Berger"). */
export const ROLE_NOUNS = `Rechtsanwalt Rechtsanwältin Rechtsanwälte RA RAin RAe Anwalt Anwältin Fachanwalt
  Fachanwältin Notar Notarin Notariatsassessor Steuerberater Steuerberaterin StB Wirtschaftsprüfer Wirtschaftsprüferin
  WP Patentanwalt Patentanwältin Syndikusrechtsanwalt Justitiar Justiziar Justiziarin Richterin Vorsitzender
  Vorsitzende Staatsanwalt Staatsanwältin Oberstaatsanwalt Oberstaatsanwältin Gerichtsvollzieher Gerichtsvollzieherin
  Rechtspfleger Rechtspflegerin Referendar Referendarin Kollege Kollegin Präsident Präsidentin Vizepräsident
  Vizepräsidentin Direktor Direktorin Minister Ministerin Staatssekretär Staatssekretärin Bürgermeister
  Bürgermeisterin Oberbürgermeister Oberbürgermeisterin Landrat Landrätin Senator Senatorin Abgeordneter Abgeordnete
  Stadtrat Stadträtin Pfarrer Pfarrerin Pastor Pastorin Pater Schwester Bruder Kommissar Kommissarin Hauptkommissar
  Hauptkommissarin Polizeihauptmeister Oberarzt Oberärztin Chefarzt Chefärztin Arzt Ärztin Zahnarzt Zahnärztin
  Tierarzt Tierärztin Apotheker Apothekerin Architekt Architektin Ingenieur Ingenieurin Sachverständiger
  Sachverständige Gutachter Gutachterin Dolmetscher Dolmetscherin Übersetzer Übersetzerin Oma Opa Tante Onkel Attorney
  Counsel Solicitor Barrister Advocate Notary Judge Justice Magistrate Officer Sergeant Captain Lieutenant Colonel
  General Detective Inspector Constable Agent President Chairman Chairwoman Chairperson Chair Director Governor Mayor
  Congressman Congresswoman Councillor Councilor Reverend Rev Father Rabbi Imam Coach Nurse Sister CEO CFO COO CTO CIO
  CMO MP QC KC`;
