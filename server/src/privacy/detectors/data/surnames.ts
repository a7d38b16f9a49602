// Surname lists for the PERSON detector, by origin, plus the surnames that are also ordinary words (weak).

/** Surnames common in Germany, Austria and Switzerland. */
export const SURNAMES_GERMAN = [
  // most frequent
  `Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Bauer Koch Richter Klein Wolf
    Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Schmitt Werner Schmitz Krause Meier
    Lehmann Schmid Schulze Maier Köhler Herrmann König Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß
    Jung Hahn Schubert Vogel Friedrich Keller Günther Frank Berger Winkler Roth Beck Lorenz Baumann Franke Albrecht
    Schuster Simon Ludwig Böhm Winter Kraus Martin Schumacher Krämer Vogt Stein Jäger Otto Sommer Groß Seidel Heinrich
    Brandt Haas Schreiber Graf Schulte Dietrich Ziegler Kuhn Kühn Pohl Engel Horn Busch Bergmann Thomas Voigt Sauer
    Arnold Wolff Pfeiffer`,
  // by region and spelling
  `Ackermann Adler Ahlers Ahrens Albers Althaus Altmann Ammann Anders Appel Arendt Arndt Aschenbrenner Assmann Auer
    Auerbach Aust Bach Bachmann Bachmeier Bader Baer Bär Bartels Barth Bartsch Baumeister Baumgart Baumgartner Bayer
    Bechtel Beckmann Behr Behrendt Behrens Beier Beyer Bender Benz Berg Bergner Berner Bernhardt Bertram Bickel
    Biedermann Biermann Binder Birk Bischof Bischoff Bittner Blank Blaschke Blum Blume Bock Bode Böhme Bohn Böttcher
    Böttger Borchert Born Bosch Bosse Brand Brandes Brandl Brauer Brenner Breuer Brinkmann Brockmann Brückner
    Brüggemann Brüning Brunner Bruns Buchholz Buchmann Buchner Buck Bühler Burger Burkhardt Burmeister Busse Conrad
    Cramer Dahl Dahms Damm Dammann Decker Dehmel Deutsch Diehl Diekmann Dietz Dittmann Dittmar Dittrich Döring Dorn
    Dörr Drescher Dreyer Ebert Eberhardt Ebner Eckert Eckhardt Eckstein Eder Ehlers Ehrhardt Eichhorn Eichler Eichner
    Eilers Eisele Engelhardt Engelmann Engels Engler Ernst Ertl Esser Ewald Faber Falk Falkenberg Fechner Feldmann
    Fichtner Fiedler Fink Finke Fleischer Fleischmann Förster Forster Franz Franzen Frenzel Freund Frey Frick
    Friedrichs Fritsch Fritsche Fritz Fröhlich Fuhrmann Fürst Gabriel Gärtner Gebhardt Gehring Gehrke Geiger Geisler
    Geißler Gerber Gerhardt Gerlach Gerstner Geyer Giese Glaser Glück Göbel Goldmann Gottschalk Gottwald Götz Grams
    Greiner Grimm Großmann Grote Grube Gruber Grün Grunwald Günter Gutmann Haag Haase Habermann Hacker Hafner Hagedorn
    Hagemann Hagen Hager Haller Hamann Hammer Hanke Harms Hartl Hartung Hartwig Hasse Hauck Haupt Hauser Hausmann Heck
    Heckmann Hegemann Heide Heidrich Heil Heilmann Heim Hein Heine Heinemann Heinen Heinrichs Heinz Heinze Helbig Held
    Heldt Heller Hellwig Henke Henkel Henning Hennig Hensel Hentschel Herbst Hermann Herold Hertel Herz Hess Heß Hesse
    Heuer Hildebrandt Hinrichs Hinz Hirsch Hoch Hofer Höfer Hoffmeister Höhne Holl Hölscher Holz Holzer Hoppe
    Horstmann Hübner Hummel Huth Imhof Jacob Jacobs Jaeger Jahn Jakob Janke Jansen Janssen Janßen Jessen Jost Jürgens
    Kahl Kamp Kampmann Kastner Kaufmann Kayser Kellermann Kellner Kemper Kempf Kern Kessler Keßler Kiefer Kirchhoff
    Kirchner Kirsch Klatt Klemm Klinger Klose Kloss Klug Knapp Knoll Knorr Koenig Kohl Kohler Kolb Kolbe Koller Konrad
    Kopp Korn Körner Köster Kraft Kramer Kranz Krauß Krebs Kremer Kretschmer Kretzschmar Krieger Kroll Krug Kruse
    Kübler Kugler Kuhlmann Kühne Kummer Kunert Kunkel Kunz Kunze Kurth Kurz Küster Lachmann Lambrecht Lammers Lampe
    Lamprecht Landgraf Langer Lauer Lechner Lederer Lehner Leitner Lemke Lenz Leonhardt Lindemann Lindner Link Linke
    Lippert Löffler Lohmann Lohse Löwe Lüdtke Lutz Maas Mack Mahler Mann Marquardt Martens Marx Matthes Matthies
    Maurer Mayr Meinhardt Meissner Meißner Meister Menke Menzel Merkel Merten Mertens Merz Metz Metzger Metzler Meurer
    Michel Michels Mielke Mohr Moll Morgenstern Moser Mueller Münch Nagel Naumann Neubauer Neubert Neuhaus Niemann
    Nitsche Noack Noll Nolte Oswald Ott Pabst Pape Paul Paulus Petersen Pfaff Pfeifer Pfister Philipp Pieper Pietsch
    Plath Pohlmann Popp Preuß Probst Pütz Raab Rademacher Radtke Rapp Rasch Rath Rau Rauch Reich Reichel Reichert
    Reimann Reimer Reinhardt Reinecke Reinke Reis Reiter Renner Reuter Riedel Rieger Ries Ritter Rohde Rohr Rosen
    Rosenberg Rosenthal Rösler Rößler Rothe Rudolph Rudolf Rühl Rumpf Runge Rupp Ruppert Sachs Sander Schaaf Schade
    Schaller Schenk Scherer Schick Schiffer Schiller Schilling Schindler Schirmer Schlegel Schlosser Schlüter
    Schmidtke Schnabel Schnell Scholl Schön Schott Schrader Schramm Schröter Schuhmacher Schüler Schuler Schüller
    Schultz Schumann Schütte Schütz Schwab Schwabe Schwan Schwartz Schweitzer Schweizer Seeger Seibert Seidler Seifert
    Seiler Siebert Sievers Sommerfeld Spahn Specht Spengler Sperling Spiegel Springer Stadler Stahl Stamm Stark
    Steffen Steffens Steinbach Steiner Steinke Steinmetz Stenzel Stern Stock Stoll Stolz Straub Strauß Strauss Strobel
    Struck Stumpf Sturm Thiel Thiele Thieme Timm Trautmann Uhlig Ullmann Ullrich Ulrich Unger Urban Vetter Vogler Volk
    Volkmann Vollmer Voß Voss Wachter Wagener Wahl Walther Wegener Wegner Weidner Weigel Weis Weise Weiss Weller
    Wendel Wendt Wenzel Westphal Wetzel Wichmann Wiedemann Wiegand Wiese Wild Wilde Wilhelm Wilke Winkelmann Wirth
    Wirtz Witt Witte Wittig Wittmann Wolter Wolters Wulf Wunderlich Wurm Zander Zeller Zimmer Zorn Zuber`,
  // northern and Frisian patronymics
  `Andresen Carstensen Christiansen Clausen Feddersen Hansen Jacobsen Jensen Jürgensen Lorenzen Matthiesen Nielsen
    Paulsen Thomsen Boysen Hinrichsen Ketelsen Ohlsen Sönksen Tadsen Brodersen Detlefsen Frerichs Harders Backhaus
    Niehaus Feldhaus Brinkhaus Onken Ubben Wessels Gerdes Eggers`,
  // southern, Austrian and Swiss
  `Aigner Bauernfeind Bucher Egger Fankhauser Feller Flückiger Frei Gasser Gisler Haider Haldimann Hofstetter Hug
    Hürlimann Jenni Kälin Lackner Leuthard Lüthi Marti Mayrhofer Moosbrugger Nussbaum Oberholzer Pichler Rüegg Schär
    Siegrist Steinbauer Strasser Stucki Suter Sutter Tanner Wallner Widmer Wieser Wimmer Wyss Zbinden Zimmerli
    Zollinger Zürcher Hinterberger Obermaier Niederberger Grabner Hofbauer Kofler Stocker Gschwandtner Pfeffer Rainer
    Reisinger Seidl Weinberger Wurzer Hollenstein Ebnöther Baumberger Kaltenbrunner`,
  // further frequent surnames
  `Adam Baum Berndt Beuttler Blumenthal Bohle Borowski Brecht Ehrlich Eisenberg Engelke Fuchsberger Gerke Hackl
    Heinzmann Hellmann Hoff Homann Hornung Kasper Kiesel Kirschner Klingbeil Kuttner Lambert Landwehr Lauterbach Lehr
    Leopold Lichtenberg Liebig Lindenberg Lingen Löhr Marschall Matthäus Melchior Mende Mittag Möbius Mühlbauer Neff
    Niebuhr Oppermann Ortmann Ostermann Pahl Paschke Pelz Peschel Petri Plank Prange Quandt Raddatz Rehm Reichelt
    Rettig Ritz Rohrbach Rosenbaum Rösch Rust Salzmann Sandmann Schacht Schäffer Scheel Scheller Schiefer Schimmel
    Schönberg Schwerdt Seeliger Selig Sieber Siegel Siegmund Sonnenberg Späth Spieß Stange Steinberg Stiller Stöhr
    Strack Stracke Streit Strunk Süß Teichmann Theis Thoma Tietz Trapp Uhl Uhlmann Ulbrich Veit Völker Wacker Waldmann
    Walz Warnke Wehner Weidmann Weigand Weiland Weinberg Weingärtner Wenger Werth Wessel Westermann Wiedmann Wilms
    Windisch Wolfram Wünsch Würth Zahn Zapf Zeidler Zenker Ziemann Zöller Schäuble Mustermann Baumgärtner Kleinschmidt
    Großkopf Langhans Hochmuth Rothenberger Oberländer Niedermeier Neugebauer Altenburg Eberle Hägele Wörner Rieder
    Rothmund Knecht Ruprecht Engelbrecht Obrecht Knittel Hölzl Gutjahr Morgenroth`,
].join(' ');

/** Turkish surnames. */
export const SURNAMES_TURKISH = `Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan Kılıç
  Aslan Çetin Kara Koç Kurt Özkan Şimşek Polat Korkmaz Özcan Erdoğan Yavuz Güneş Aksoy Aktaş Avcı Bulut Bozkurt Çakır
  Coşkun Ekinci Erdem Erol Güler Güven Işık Kahraman Kaplan Kartal Keskin Koçak Kocabaş Önal Özer Sarı Taş Tekin Tosun
  Turan Uçar Ünal Uysal Yalçın Yiğit Yücel Yüksel Acar Akın Akgün Akbulut Akyüz Altun Altıntaş Arıkan Atalay Ateş
  Aydemir Aydoğan Başaran Bayram Bilgin Bilgiç Budak Çiftçi Çınar Demirci Demirel Dinç Durmaz Duman Dursun Eren Ergün
  Ertürk Gök Gökçe Gündoğdu Güngör Gürbüz Günay Güzel Kalkan Karaca Karadağ Karakaya Karakuş Karataş Kılınç Kocaman
  Köse Metin Oral Ozan Özbek Özdoğan Özen Özmen Parlak Sağlam Savaş Sevim Soylu Şen Şener Tatlı Temiz Toprak Tuna Tunç
  Türkmen Uzun Yaman Yaşar Yazıcı Yener Yeşil Yurt Zengin Akdeniz Akkaya Alkan Altay Arık Baysal Cebeci Çoban Duran
  Ekici Eroğlu Gedik Kurtuluş Ocak Oruç Özkaya Pektaş Sezer Sönmez Topal Türkoğlu Yalın Yazar Yıldızhan Arslantaş
  Aydoğdu Balcı Bektaş Bozdağ Canpolat Çalışkan Çelebi Demirtaş Doğru Erdoğdu Göktaş Güleç Gümüş Kaçar Karabulut
  Kaymaz Kocabıyık Korkut Kuru Mutlu Okur Öner Özgür Özyurt Sarıkaya Selçuk Sezgin Şahinler Tanrıverdi Tekinalp Tural
  Türker Uğurlu Ulusoy Ünlü Yalçınkaya Yıldırımer Yılmazer Yurdakul Kılıçarslan Aydınlı Keleş Kılıçaslan`;

/** Polish surnames, with the feminine forms. */
export const SURNAMES_POLISH = [
  `Nowak Kowalski Kowalska Wiśniewski Wiśniewska Wójcik Kowalczyk Kamiński Kamińska Lewandowski Lewandowska Zieliński
    Zielińska Szymański Szymańska Woźniak Dąbrowski Dąbrowska Kozłowski Kozłowska Jankowski Jankowska Mazur
    Wojciechowski Wojciechowska Kwiatkowski Kwiatkowska Krawczyk Kaczmarek Piotrowski Piotrowska Grabowski Grabowska
    Zając Pawłowski Pawłowska Michalski Michalska Król Wieczorek Jabłoński Jabłońska Wróbel Nowakowski Nowakowska
    Majewski Majewska Olszewski Olszewska Stępień Malinowski Malinowska Jaworski Jaworska Adamczyk Dudek Nowicki
    Nowicka Pawlak Górski Górska Witkowski Witkowska Walczak Sikora Baran Rutkowski Rutkowska Michalak Szewczyk
    Ostrowski Ostrowska Tomaszewski Tomaszewska Pietrzak Marciniak Wróblewski Wróblewska Zalewski Zalewska Jakubowski
    Jakubowska Jasiński Jasińska Zawadzki Zawadzka Sadowski Sadowska Bąk Chmielewski Chmielewska Włodarczyk Borkowski
    Borkowska Czarnecki Czarnecka Sawicki Sawicka Sokołowski Sokołowska Urbański Urbańska Kubiak Maciejewski
    Maciejewska Szczepański Szczepańska Kucharski Kucharska Wilk Kalinowski Kalinowska Lis Mazurek Wysocki Wysocka
    Adamski Adamska Kaźmierczak Wasilewski Wasilewska Sobczak Czerwiński Czerwińska Andrzejewski Andrzejewska Cieślak
    Głowacki Głowacka Zakrzewski Zakrzewska Kołodziej Sikorski Sikorska Krajewski Krajewska Gajewski Gajewska Szymczak
    Szulc Baranowski Baranowska Laskowski Laskowska Brzeziński Brzezińska Makowski Makowska Ziółkowski Ziółkowska
    Przybylski Przybylska Domański Domańska Nowacki Nowacka Borowska Błaszczyk Chojnacki Chojnacka Ciesielski
    Ciesielska Mróz Szczepaniak Wesołowski Wesołowska Górecki Górecka Krupa Kaczmarczyk Leszczyński Leszczyńska
    Lipiński Lipińska Kowalewski Kowalewska Urbaniak Kozak Kania Mikołajczyk Czajkowski Czajkowska Mucha Tomczak
    Kozieł Markowski Markowska Kowalik Nawrocki Nawrocka Brzozowski Brzozowska Janik Musiał Wawrzyniak Markiewicz
    Orłowski Orłowska Tomczyk Jarosz Kołodziejczyk Kurek Kopeć Żak Wolski Wolska Łuczak Dziedzic Kot Stasiak
    Stankiewicz Piątek Jóźwiak Dobrowolski Dobrowolska Pawlik Kruk Domagała Piasecki Piasecka Wierzbicki Wierzbicka
    Karpiński Karpińska Jastrzębski Jastrzębska Polak Zięba Janicki Janicka Wójtowicz Stefański Stefańska Sosnowski
    Sosnowska Bednarek Majchrzak Bielecki Bielecka Małecki Małecka Maj Sowa Milewski Milewska Gajda Klimek Olejniczak
    Ratajczak Romanowski Romanowska Matuszewski Matuszewska Śliwiński Śliwińska Madej Kasprzak Wilczyński Wilczyńska
    Grzelak Socha Czajka Marek Kowal Bednarczyk Skiba Wrona Owczarek Marcinkowski Marcinkowska Matusiak Orzechowski
    Orzechowska Sobolewski Sobolewska Kędzierski Kędzierska Kurowski Kurowska Rogalski Rogalska Wojtczak Lewicki
    Lewicka Kaczor Kowalczuk Podolski Kaczyński Kaczyńska Duda Zawisza Kosiński Kosińska Sienkiewicz`,
  // Czech and Slovak
  `Novák Nováková Svoboda Svobodová Novotný Novotná Dvořák Dvořáková Černý Černá Procházka Procházková Kučera Kučerová
    Veselý Veselá Horák Horáková Němec Němcová Pokorný Pokorná Pospíšil Hájek Jelínek Král Králová Růžička Beneš Fiala
    Sedláček Doležal Zeman Kolář Navrátil Čermák Vaněk Blažek Kříž Kovář Bartoš Vlček Kopecký Holub`,
].join(' ');

/** Italian surnames. */
export const SURNAMES_ITALIAN = `Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo
  Conti Costa Giordano Mancini Rizzo Lombardi Moretti Barbieri Fontana Santoro Mariani Rinaldi Caruso Ferrara Galli
  Martini Leone Longo Gentile Martinelli Vitale Lombardo Serra Coppola Marchetti Parisi Villa Conte Ferraro Ferri
  Fabbri Bianco Marini Grasso Valentini Messina Sala Gatti Pellegrini Palumbo Sanna Farina Rizzi Monti Cattaneo
  Morelli Amato Silvestri Mazza Testa Grassi Pellegrino Carbone Giuliani Benedetti Barone Rossetti Caputo Montanari
  Guerra Palmieri Bernardi Martino Fiore Ferretti Bellini Basile Riva Donati Piras Vitali Battaglia Sartori Neri
  Costantini Milani Pagano Ruggiero Sorrentino Negri Bassi Ricciardi Orlandi Cirillo Bonetti Mele Fumagalli Brambilla
  Zanetti Zanella Rota Ferrero Bertolini Mazzola Agostini Albanese Alberti Angeli Armani Baldi Barbera Bellucci
  Benetti Berardi Bertoni Bianchini Bonelli Borghi Bruni Buono Calabrese Campana Capuano Carli Carrara Castelli
  Cavallo Cecchi Cocco Colella Corsi Cristiani Falcone Ferrante Fiorentino Franchi Gambino Gaspari Giorgi Giuliano
  Grillo Guidi Iannone Lanza Lazzari Lucchesi Luciani Mancuso Manfredi Mantovani Marchi Marconi Marra Mascia Mazzini
  Melis Mori Moro Nardi Novelli Pace Palma Pasquali Pastore Pavan Pepe Perrone Piccolo Pini Pizzi Poli Porcu Puglisi
  Raimondi Rocca Romagnoli Ronchi Rossini Rubino Salvi Santini Scala Simonetti Spinelli Tedesco Tosi Valenti Volpe
  Zanini Zucchi D'Angelo D'Amico D'Alessandro Damico Esposti Fabbro Garofalo Gualtieri Leonardi Lupo Marrone Mazzoleni
  Monaco Orsini Pagani Parodi Pozzi Quaranta Riccio Rinaldo Sarti Sartoris Tarantino Tommasi Trevisan Vaccaro Venturi
  Verdi Vianello Zago Zanon Bonomi Brunetti Cattani Ceccarelli Cerutti Colonna Contini Corradi D'Onofrio Lombardini`;

/** Surnames common in the United Kingdom, Ireland and North America. */
export const SURNAMES_ENGLISH = `Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson
  Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Clark Jackson Wood Turner Martin Cooper
  Hill Ward Morris Moore Lee King Baker Harrison Morgan Allen Scott Young James Phillips Watson Davis Parker Price
  Bennett Griffiths Carter Adams Mitchell Campbell Kelly Bailey Collins Stewart Bell Murray Cook Richardson Cox Howard
  Marshall Ellis Shaw Chapman Webb Rogers Gray Grey Mason Palmer Hunt Holmes Mills Barnes Knight Lloyd Butler Russell
  Barker Fisher Stevens Jenkins Dixon Fletcher Foster Pearson Graham Richards Owen Hayes Reynolds Harvey Gibson Fox
  Wells Ross Matthews Lawrence Hamilton Kennedy Spencer Andrews Hart Cole Grant Hudson Armstrong Black Stone Hunter
  Lane Cunningham Walsh Gordon Marsh Payne Pearce Berry Rose Holland Reid Ryan Burton Page Dean Carr Sutton Doyle
  O'Brien O'Connor O'Neill O'Sullivan Byrne Brennan Quinn Gallagher Doherty Lynch Moran Connolly McCarthy McDonald
  MacDonald McKenzie Mackenzie MacLeod McLean Maclean Robertson Thomson Fraser Henderson Paterson Ferguson Sinclair
  Morrison Anderson Ritchie Duncan Cameron Munro Sutherland Buchanan Crawford Wallace Kerr Boyle Fitzgerald Finnegan
  Keane Kavanagh Flanagan Sheridan Donnelly Nolan Regan Daly Foley Hogan Hennessy Brady Burke Casey Delaney Dunne
  Farrell Flynn Healy Maguire Malone McGrath Nugent O'Reilly Reilly Power Quinlan Tierney Whelan Miller Nelson
  Peterson Reed Brooks Sanders Myers Long Powell Perry Sullivan Coleman Simmons Patterson Jordan Woods West Bryant
  Owens Ford Tucker Porter Hicks Henry Boyd Warren Burns Rice Daniels Nichols Hawkins Dunn Perkins Gardner Stephens
  Pierce Willis Watkins Carroll Snyder Bradley Harper Riley Carpenter Weaver Greene Elliott Sims Austin Kelley
  Franklin Lawson Fields Wheeler Montgomery Williamson Johnston Banks Bishop Howell Little Stanley George Jacobs
  Fuller Gilbert Garrett Welch Larson Frazier Hanson Day Bowman Fowler Brewer Hoffman Carlson Fleming Davidson Hopkins
  Terry Wade Walters Curtis Neal Caldwell Lowe Jennings Barnett Graves Horton Shelton Barrett Holt Lambert Watts Bates
  Hale Rhodes Newman Haynes Vaughn Parks Dawson Norris Hardy Love Steele Curry Powers Guzman Ball Chandler Lyons
  Ramsey Wolfe Mullins Benson Sharp Bowen Barber Cummings Hines Baldwin Griffith Reeves Warner Stevenson Burgess Tate
  Cross Garner Moss Thornton Dennis Farmer Glover Manning Cohen Harmon Rodgers Robbins Newton Todd Blair Higgins
  Ingram Reese Cannon Strickland Townsend Potter Goodwin Walton Rowe Hampton Patton Swanson Goodman Yates Hodges
  Webster Hammond Cobb Moody Blake Maxwell Pope Osborne Gibbs Tyler Fitzpatrick Saunders Wise Gill Ballard Briggs
  Parsons McLaughlin Copeland Brock Poole Logan Drake Abbott Norton Clayton Barton Lamb Harrington Wilkins Underwood
  McGuire Bridges Nash Summers Atkins Wilcox Burnett Cochran Chase Davenport Hood Gates Clay Sawyer Hodge Nicholson
  Monroe Kirk Randall Whitaker Skinner Kirby Bradford Gilmore Bruce Hancock Heath Short Wiggins Mathews Melton Hensley
  Bond Dyer Grimes Baxter Snow Shepherd Whitehead Booth Eaton Humphrey Parrish Hutchinson Dalton Vance Rich Blackwell
  Stafford Wilkinson Atkinson Preston Knox Stephenson Glass Marks Hickman Sweeney Strong Prince Conway Nixon Ellison
  Sloan Randolph Sexton Hull Browning Leach Noble Bartlett Walls Barr Everett Bradshaw Pugh Morse Sheppard Weeks Bean
  Livingston Middleton Spears Harding Frost Giles Blackburn Pennington Woodward Finley McIntosh Dudley Blanchard Kane
  Buckley Haley Maddox McMillan Crosby Roach Church Richmond Faulkner Barry Hendricks Horne Shepard Cherry Whitney
  Waller Donaldson Gillespie Bentley Peck Gamble Dickson Battle Howe Hinton Hurley Spence Gould Sampson Carver Bray
  Stout Dillon Galloway Potts Mercer Rowland Sykes Pickett Crane Sears Wilder McKay Ewing Vaughan Cotton Holder
  Ferrell Fulton Pollard Hooper Burch Mullen Fry Riddle Duffy Merrill Donovan Compton Mooney McGowan Craft Baird
  Stanton Holden Slater Emerson Sharpe Whitfield Irwin Madden Kirkland Workman Carney McLeod Finch Head Hewitt Lindsay
  Foreman Hyde Forbes Guthrie Barlow McMahon Langley Knowles Cooke Whitley Ashworth Blackwood Bolton Bowden Chadwick
  Cartwright Cullen Dobson Garside Hargreaves Haworth Hobbs Holloway Kirkpatrick Lowry Lucas Metcalfe Naylor Oakley
  Pemberton Radcliffe Rawlinson Sherwood Stokes Sumner Thorpe Tomlinson Wainwright Whittaker Winterbottom Nightingale
  Ashton Bickerton Fairclough Greenwood Lockwood Worthington`;

/** Surnames of other origins: Iberian, French, Dutch, Nordic, Greek, Slavic, Balkan, Arabic, Asian, African. */
export const SURNAMES_OTHER = [
  // Spanish and Portuguese
  `García Martínez Rodríguez Hernández López González Gonzales Pérez Sánchez Ramírez Torres Flores Rivera Gómez Díaz
    Cruz Reyes Morales Ortiz Gutiérrez Chávez Ramos Ruiz Álvarez Mendoza Castillo Jiménez Moreno Romero Herrera Medina
    Aguilar Vargas Castro Fernández Navarro Domínguez Gil Serrano Blanco Molina Delgado Suárez Ortega Rubio Marín Sanz
    Iglesias Núñez Garrido Cortés Santos Lozano Guerrero Cano Prieto Méndez Calvo Gallego Vidal León Herrero Márquez
    Peña Cabrera Campos Vega Fuentes Carrasco Diez Caballero Nieto Aguirre Pascual Santana Hidalgo Montero Lorenzo
    Giménez Ibáñez Ferrer Durán Vicente Benítez Mora Arias Vázquez Carmona Crespo Román Soto Sáez Velasco Soler Moya
    Esteban Parra Bravo Gallardo Rojas Silva Oliveira Souza Costa Pereira Alves Rodrigues Ferreira Almeida Lima
    Carvalho Gomes Martins Araújo Ribeiro Lopes Barbosa Sousa Cardoso Teixeira Correia Mendes Pinto Marques Fonseca
    Monteiro Nunes Moreira Cunha Cavalcanti Azevedo Tavares Vieira Coelho Machado Batista Freitas Dias Neves Farias`,
  // French
  `Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre Michel Garcia David
    Bertrand Roux Vincent Fournier Morel Girard André Lefèvre Mercier Dupont Lambert Bonnet François Martinez Legrand
    Garnier Faure Rousseau Blanc Guérin Muller Henry Roussel Nicolas Perrin Morin Mathieu Clément Gauthier Dumont
    Lopez Fontaine Chevalier Robin Masson Sanchez Gérard Nguyen Boyer Denis Lemaire Duval Joly Gautier Roger Roche Roy
    Noël Meyer Lucas Meunier Jean Perez Marchand Dufour Blanchard Marie Barbier Brun Dumas Brunet Schmitt Leroux Colin
    Fernandez Pierre Renard Arnaud Rolland Caron Aubert Giraud Leclerc Bourgeois Renaud Lemoine Picard Gaillard
    Philippe Leclercq Lacroix Fabre Dupuis Olivier Rodriguez Hubert Louis Charles Guillot Rivière Guillaume Adam Rey
    Moulin Gonzalez Berger Lecomte Menard Fleury Deschamps Carpentier Julien Benoît Maillard Marchal Aubry Vasseur
    Renault Jacquet Collet Prévost Poirier Charpentier Royer Huet Baron Dupuy Pons Paul Laine Carré Breton Rémy
    Schneider Perrot Guyot Barre Marty Cousin Dubreuil Lefort Chevallier`,
  // Dutch and Flemish
  `Jansen Bakker Janssen Visser Smit Meijer Mulder Bos Vos Peters Hendriks Dekker Brouwer Dijkstra Smits Kok Jacobs
    Vermeulen Schouten Willems Hoekstra Maas Verhoeven Koster Prins Blom Huisman Peeters Maes Claes Goossens Wouters
    Mertens Vries Jong Dijk Boer Groot Leeuwen Vliet Broek Bruijn Haan Linden Meer Graaf Huizinga Postma Kuipers
    Veenstra Timmermans Bosman`,
  // Nordic and Finnish
  `Johansson Andersson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson Pettersson Jonsson Jansson
    Hansson Bengtsson Jönsson Lindberg Jakobsson Magnusson Lindström Olofsson Lindqvist Lindgren Axelsson Berg
    Bergström Lundberg Lundgren Lundqvist Mattsson Berglund Fredriksson Sandberg Henriksson Forsberg Sjöberg Wallin
    Engström Eklund Danielsson Håkansson Lundin Gunnarsson Holm Samuelsson Fransson Bergman Johannesson Nyström
    Holmberg Arvidsson Löfgren Söderberg Nyberg Blomqvist Claesson Nordström Mårtensson Lundström Hansen Johansen
    Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen Johnsen Pettersen Eriksen Haugen Hagen Jacobsen
    Andreassen Dahl Halvorsen Jørgensen Sørensen Rasmussen Christensen Poulsen Knudsen Mortensen Madsen Kristensen
    Østergaard Korhonen Virtanen Mäkinen Nieminen Mäkelä Hämäläinen Heikkinen Koskinen Järvinen Lehtonen Lehtinen
    Saarinen Salminen Heinonen Niemi Heikkilä Kinnunen Salonen Turunen Salo Laitinen Tuominen Rantanen Karjalainen
    Jokinen Mattila Savolainen Lahtinen Ahonen Gudmundsson Jónsson Sigurdsson`,
  // Greek
  `Papadopoulos Papadopoulou Papageorgiou Oikonomou Georgiou Nikolaou Dimitriou Ioannou Konstantinou Christodoulou
    Vasileiou Antoniou Pappas Karagiannis Makris Athanasiou Alexiou Theodorou Michailidis Panagiotou Economou
    Georgiadis Papadakis Angelopoulos Kostopoulos Vlachos Samaras Katsaros Galanis Stavrou Kyriakou Lazaridis`,
  // Russian, Ukrainian and Baltic
  `Ivanov Ivanova Smirnov Smirnova Kuznetsov Kuznetsova Popov Popova Vasiliev Vasilieva Petrov Petrova Sokolov
    Sokolova Mikhailov Mikhailova Novikov Novikova Fedorov Fedorova Morozov Morozova Volkov Volkova Alekseev Alekseeva
    Lebedev Lebedeva Semenov Semenova Egorov Egorova Pavlov Pavlova Kozlov Kozlova Stepanov Stepanova Nikolaev
    Nikolaeva Orlov Orlova Andreev Andreeva Makarov Makarova Zaitsev Zaitseva Solovyov Borisov Borisova Romanov
    Romanova Kovalenko Bondarenko Tkachenko Kravchenko Oliynyk Shevchenko Boyko Kovalchuk Koval Melnyk Shevchuk
    Polishchuk Lysenko Marchenko Moroz Rudenko Savchenko Petrenko Kuzmenko Levchenko Klymenko Ponomarenko Pavlenko
    Medvedeva Wolkow Iwanow Iwanowa Petrow Petrowa Kazlauskas Jankauskas Petrauskas Bērziņš Kalniņš Ozols Tamm Saar
    Mägi Kask`,
  // Balkan, Romanian and Hungarian
  `Petrović Jovanović Nikolić Marković Đorđević Stojanović Ilić Stanković Pavlović Milošević Popović Đukić Kovačević
    Horvat Kovačić Babić Marić Jurić Novak Knežević Vuković Tomić Božić Perić Radić Matić Pavić Lukić Hodžić Hadžić
    Begić Delić Mehmedović Kovač Horvath Horváth Nagy Kovács Tóth Szabó Kiss Molnár Varga Farkas Balogh Papp Takács
    Juhász Lakatos Mészáros Oláh Rácz Fekete Szilágyi Török Fehér Balázs Gál Kis Szűcs Kocsis Popescu Ionescu Popa Pop
    Radu Dumitru Stan Stoica Gheorghe Matei Ciobanu Rusu Mihai Constantin Marin Dinu Munteanu Tudor Dobre Barbu Nistor
    Florea Ene Dima Georgescu Toma Ardeleanu Moldovan Lungu Sârbu Stanciu Zamfir Hoxha Krasniqi Berisha Gashi Shala
    Morina Kelmendi Rama Ahmeti Bytyqi Dimitrov Dimitrova Georgiev Georgieva Stoyanov Stoyanova Petkov Todorov
    Todorova Angelov Kolev Hristov Yordanov`,
  // Arabic, Persian and Kurdish
  `Ahmed Ali Hassan Hussein Ibrahim Mahmoud Mohamed Mustafa Khalil Haddad Saleh Nasser Said Abdullah Rahman Aziz
    Karimi Hosseini Mohammadi Rezaei Ahmadi Moradi Rahimi Jafari Hashemi Mousavi Sadeghi Ghorbani Azizi Kazemi Amini
    Najafi Rostami Nazari Yousefi Ebrahimi Akbari Bakhtiari Farahani Tehrani Shirazi Kermani Sharif Masri Khoury
    Nassar Saad Darwish Barakat Mansour Habib Youssef Hamdan Awad Fares Jaber Hijazi Shaheen Qureshi Chaudhry Hamid
    Rashid Mahmood Butt Malik Sheikh Siddiqui Javed Aslam Raza Hussain Khan Begum Baig Mirza Bukhari Rizvi Ansari
    El-Amin Al-Sayed Abdel Benali Bensaid Benyahia Bouzid Boumediene Haddadi Mansouri Amrani Alaoui Berrada Chraibi
    Tazi Idrissi Benjelloun Elmi Farah Warsame Abdi Jama Osman Yusuf Zaman`,
  // South Asian
  `Patel Sharma Singh Kumar Gupta Mehta Shah Joshi Desai Reddy Rao Nair Iyer Menon Pillai Chopra Kapoor Malhotra
    Bhatia Verma Mishra Pandey Tiwari Dubey Agarwal Bose Banerjee Chatterjee Mukherjee Dutta Ghosh Sen Sinha Yadav
    Jain Khanna Arora Bajaj Saxena Srivastava Thakur Chauhan Rathore Naidu Krishnan Subramanian Venkatesan Raman
    Ramachandran Gill Sandhu Sidhu Grewal Dhillon Bains Kaur Ahluwalia Chaudhary Patil Kulkarni Deshpande Fernando
    Perera Jayasuriya Wickramasinghe Hossain Islam Chowdhury Uddin Akter Sarkar`,
  // East and Southeast Asian
  `Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo Lin Gao Luo Zheng Liang Xie Song Tang Han Feng
    Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang Yu Cheng Wei Su Lu Ding Ren Shen Yao Tan Lim Ng Ong Goh Chua
    Teo Koh Chan Leung Wong Cheung Lau Lam Ho Yip Tse Chow Kwok Fung Tsang Chiu Hui Chin Yeung Tanaka Suzuki Sato
    Takahashi Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida Yamada Sasaki Yamaguchi Matsumoto Inoue Kimura
    Hayashi Shimizu Yamazaki Mori Abe Ikeda Hashimoto Ishikawa Ogawa Fujita Okada Goto Hasegawa Murakami Kondo Ishii
    Saito Sakamoto Endo Aoki Fujii Nishimura Fukuda Ota Miura Okamoto Matsuda Nakajima Nakano Harada Kim Lee Park Choi
    Jung Kang Cho Yoon Jang Seo Shin Kwon Hwang Ahn Yoo Hong Jeon Moon Son Tran Le Pham Hoang Huynh Phan Vu Vo Dang
    Bui Ngo Duong Ly Truong Dinh Trinh Mai Luong Thai Bautista Ocampo Tomas Andrada Villanueva Aquino Salazar Mercado
    Sutanto Wijaya Halim Santoso Gunawan Susanto Hartono Setiawan`,
  // African
  `Okafor Okonkwo Okoro Okeke Eze Nwosu Nwankwo Obi Chukwu Adeyemi Adebayo Ogunleye Olawale Balogun Bello Abubakar
    Mohammed Danjuma Okonjo Adeleke Afolabi Akande Ojo Oyelaran Nnadi Ugwu Ibekwe Onyeka Mensah Asante Owusu Boateng
    Osei Agyeman Appiah Ansah Darko Ofori Amoah Kuffour Annan Diallo Traoré Koné Keita Touré Camara Cissé Sow Diop
    Ndiaye Faye Sarr Gueye Mbaye Niang Diouf Kamara Bangura Sesay Conteh Kargbo Nkosi Dlamini Ndlovu Khumalo Mokoena
    Mahlangu Sithole Zulu Mthembu Ngcobo Mabaso Mutua Kamau Otieno Odhiambo Wanjiru Kariuki Njoroge Ochieng Mwangi
    Kiprop Kiptoo Cheruiyot Achieng Mugisha Habimana Niyonzima Uwimana Tesfaye Bekele Tadesse Girma Alemu Haile
    Mulugeta Gebremedhin Kebede Wolde Ayele Abera Hailu Mekonnen Negash Mohamud`,
].join(' ');

/** Surnames that are also ordinary words, occupations, places, brands or given names; a name only in strong context. */
export const WEAK_SURNAMES = [
  // German words, occupations and places
  `Bauer Koch Richter Klein Wolf Schwarz Braun Lange König Kaiser Fuchs Lang Weiß Weiss Jung Hahn Vogel Keller Winter
    Stein Jäger Sommer Groß Gross Graf Engel Horn Busch Sauer Adler Appel Bach Bär Baum Baumeister Bayer Benz Berg
    Binder Bischof Blank Blume Bock Born Bosch Brand Brauer Brenner Burger Damm Deutsch Dorn Eichhorn Esser Falk Fink
    Fleischer Förster Freund Fröhlich Fürst Gärtner Geiger Gerber Glaser Glück Grün Grube Hacker Hagen Hammer Haupt
    Hausmann Heide Heil Heim Held Henkel Herbst Herz Heuer Hirsch Hoch Holz Hummel Kahl Kellner Kern Kiefer Kirsch
    Klug Knapp Kohl Korn Kraft Kranz Krebs Krieger Zahn Zuber Mohr Ries Hesse Franke Seiler Spengler Schuhmacher Bohle
    Schreiber Berner Bosse Busse Eckstein Engels Grimm Heck Heller Herold Kaufmann Koller Körner Landgraf Metz
    Morgenstern Preuß Probst Rumpf Sachs Steinmetz Wiese Frei Hug Ehrlich Kiesel Landwehr Lingen Marschall Matthäus
    Pelz Plank Ritz Rust Sandmann Schacht Schiefer Spieß Völker Weinberg Würth Oberländer Altenburg Krug Kummer Kurz
    Küster Lampe Link Linke Löwe Mann Maurer Meister Metzger Mittag Moll Nagel Pfeffer Rauch Reich Reis Reiter Ritter
    Rohr Rosen Schade Schenk Schick Schiffer Schiller Schilling Schimmel Schlosser Schnabel Schnell Schön Schüler
    Schwabe Schwan Schweizer Selig Siegel Specht Sperling Spiegel Springer Stahl Stamm Stange Stark Stern Stock Stolz
    Strauß Strauss Streit Stumpf Sturm Süß Vetter Volk Wahl Weise Wild Wilde Wurm Zander Zimmer Zorn Knecht`,
  // English words, occupations and places
  `Brown White Green Hall Wood Turner Hill Ward King Baker Young Price Cook Gray Grey Palmer Hunt Mills Knight Butler
    Fisher Fox Wells Hart Black Stone Lane Marsh Berry Rose Holland Page Power Long Woods West Ford Porter Rice Little
    Day Love Ball Sharp Barber Cross Moss Farmer Cannon Potter Rich Bond Snow Shepherd Glass Marks Strong Prince
    Bishop Church Short Frost Battle Head Finch Crane Cotton Holder Craft Stout Cox Marshall Foster Brooks Hicks
    Pierce Watts Lyons Tate Moody Parsons Davenport Skinner Bradford Whitehead Stafford Leach Morse Spears Blackburn
    Roach Cherry Carver Bray Potts Sears Wilder Riddle Lynch McDonald Fry Hood Gates Clay Heath Banks Fields Parks
    Bridges Summers Weeks Noble Walls Bean Burns Carpenter Weaver Hardy Newton Graves Steele Curry Powers Sims Brewer
    Walker Webb Chapman Dixon Fletcher Hamilton Bell Grimes Hyde Forbes Booth Lowe Eaton Howe Gill Lamb Wise Kirk
    Sawyer Richmond Compton Madden Workman Foreman Barlow Holden Melton Langley Buckley Bolton Hale Holt Rhodes Hurley
    Stokes Gibbs Goodman Goodwin Pope Pickett Hawkins Jennings Sexton Hull Bartlett Sloan Hooper Mercer Merrill Gamble
    Peck Dyer Crawford`,
  // accent-free spellings that are common words ("Schütz" → "Schutz", "Hauser" → "Häuser") and English words
  `Bader Bucher Hauser Hartung Holzer Schütz Wünsch Wachter Schär Pütz Langer Fuller Wolfe Welch Gal Fares Grams Harms
    Munch`,
  // other languages, places and brands; short Asian names
  `Oral Tuna Türk Kot Lis Polak Maj Pop Ene Rama Petit Roux Blanc Brun Baron Breton Cousin Rey Fleury Moulin Barre
    Pons Royer Roy Marchal Fabre Faure Caron Jenkins Jaeger Renault Barbier Medina Bourgeois Pinto Struck Browning
    Ferrari Bruno Villa Gentile Martini Ferrara Messina Pepe Bianco Tudor Sheikh Butt Bose Pan Peng Dong Yuan Chow
    Faye Lima Dias Allen Kaplan Conte Costa Leone Fiore Pace Palma Scala Riva Testa Guerra Piccolo Tedesco Monaco Moro
    Lupo Verdi Sala Gallo Santos Cruz Castro Moreno Mora Soto Vega Leon León Vidal Bravo Gil Cano Blanco Rubio Navarro
    Campos Serrano Mercado Holm Dahl Lund Salo Laine Park Song Kang Ma Ho Han Lim Son Moon Yang Hong Tan Mai Thai Kim
    Cho Choi Shin Seo Kwon Ahn Hwang Yu Su Li Lu Lam Lau Chin Wei Ding Ren Tang Sun Kiss Fekete Fehér Nagy Kis Sow Obi
    Zulu Eze Ojo De Di Da Del Della Van Boer Meer Linden Bos Vos Kok Prins Blom Maas Roos Duda Abe Ito Endo Ota Kato
    Goto Mori Aoki Ali Said Khan Shah Sharif Rahman Farah Osman Yusuf Aziz Sen Jain Rao Singh Kumar Islam Begum Kaur
    Annan`,
  // also given names, whose given-name sense wins when they stand alone
  `Werner Walter Friedrich Günther Frank Lorenz Albrecht Simon Ludwig Martin Otto Dietrich Thomas Arnold Ernst Hermann
    Anders Conrad Franz Fritz Gabriel Götz Hartwig Heinz Henning Jacob Jakob Konrad Lenz Lutz Michel Paul Philipp
    Rainer Rudolf Urban Wilhelm Adam Kasper Lambert Leopold Melchior Kurt Marek Metin Marin Toma Stan Roman Pierre
    Jean Louis Charles Marie Julien Nicolas Vincent Olivier Philippe Benoît Hubert Gérard Roger Noël Arnaud Robert
    Richard David Bernard Mathieu Clément Denis Guillaume Colin André Robin Dennis Jordan Lee Scott James Kelly Bailey
    Owen Lewis Murray Ross Morgan Warren Austin George Stanley Bradley Riley Harper Nelson Perry Howard Gordon Douglas
    Cole Spencer Harvey Wallace Blake Tyler Logan Miles Curtis Neal Bruce Todd Francis Lloyd Russell Mitchell Humphrey
    Preston Emerson Irwin Lindsay Haley Franklin Drake Chase Grant Hunter Taylor Mason Carter Parker Cooper Hudson
    Harrison Campbell Kennedy Duncan Fraser Cameron Ryan Barry Casey Nash Bentley Whitney Dudley Oakley Sherwood Buck
    Tanner Dean Terry Wade Reed Graham Lucas Henry Bertram Constantin Ewald Günter Gunter Heinrich Jost Steffen Ulrich
    Veit Wenzel Wolfram Eren Erol Ibrahim Melis Mustafa Özgür Savaş Selçuk Sevim Yaşar Yavuz Yiğit Yücel Baran Yalçın
    Giuliano Lorenzo Rinaldo Clayton Elliott Ellis Finley Gilbert Lawrence Randall Stewart Ahmed Mohammed Mohamed
    Mahmoud Hassan Hussein Hussain Youssef Rashid Nasser Abdullah Abdel Vitali Fernando Tomas Vicente Esteban Laurent
    François Sander Sanna Mirza Gheorghe Mihai Radu Balázs Hamid Adebayo Wanjiru Achieng Tesfaye Haile Hui Xiao Feng`,
].join(' ');
