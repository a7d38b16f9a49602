// Given-name lists for the PERSON detector, by origin; whitespace-separated, matched case- and accent-insensitively.

/** Given names that are also ordinary words, months or places; a name only next to another name or after a greeting. */
export const AMBIGUOUS_FIRST_NAMES = [
  // English words, virtues, flowers and gems
  `Mark Bill Frank Grace Hope Joy Faith Charity Mercy Patience Prudence Constance Trinity Rose Lily Daisy Ivy Holly
    Iris Violet Poppy Heather Hazel Olive Ginger Amber Ruby Pearl Jade Crystal Jasmine Summer Autumn Dawn Eve Sky Skye
    River Storm Sage Star Angel Destiny Harmony Melody Serenity Liberty Haven Sunny Misty Penny Candy Brandy Dusty
    Rusty Rocky Sandy Chase Hunter Miles Dean Dale Glen Cliff Lance Wade Drew Gene Guy Ray Don Rob Pat Sue Jack Rich
    Earl Duke Prince Sterling Sonny Buck Bud Chip Jay Robin Carol Sherry Taylor Mason Carter Parker Cooper Tanner
    Harper Grant Reed Norm Victory Ebony Genesis Fern`,
  // months and places
  `April June August Jan Georgia Virginia Carolina Madison Chelsea Austin Jordan Savannah Lincoln Milan Dallas
    Florence Adelaide Alexandria Camden Devon Chester Milton Orlando Kent Denver Eden Phoenix Kuba`,
  // words in German and other languages, products and software
  `Till Ernst Wolf Roman Reiner Anders Said Heide Hagen Mai Nur Tan Nil Tuba Mercedes Vita Fortuna Linde Saga Maxime
    Marine Mine Travis Aurora Cassandra Alexa`,
].join(' ');

/** Given names common in Germany, Austria and Switzerland. */
export const FIRST_NAMES_GERMAN = [
  // female
  `Adelheid Agathe Agnes Alexandra Alina Almut Amalia Amalie Amelie Andrea Angela Angelika Anita Anja Anke Anna Anne
    Annegret Anneliese Annemarie Annette Anni Annika Antje Antonia Ariane Astrid Auguste Barbara Bärbel Beate Bettina
    Birgit Brigitte Britta Brunhilde Carina Carla Carmen Carola Caroline Carolin Carlotta Charlotte Christa Christel
    Christiane Christina Christine Clara Claudia Cornelia Dagmar Daniela Diana Doris Dora Dorothea Dorothee Dörte
    Edith Elfriede Elisabeth Elise Elke Ella Ellen Elli Elsa Else Emilia Emilie Emma Emmi Erika Erna Eva Evelyn Fenja
    Finja Franziska Frauke Frida Frieda Friederike Gabriele Gabi Gerda Gertraud Gertrud Gesa Gesine Gisela Gitta Greta
    Grete Gudrun Gunhild Hanna Hannah Hanne Hannelore Hedda Hedwig Heidemarie Heidi Heidrun Heike Helene Helga Hella
    Henny Henriette Henrike Hermine Herta Hertha Hilde Hildegard Ida Ilona Ilse Imke Ina Inga Inge Ingeborg Ingrid
    Insa Irene Irma Irmgard Irmtraud Isabel Isabell Isabella Jacqueline Jana Janina Janine Jasmin Jeanette Jennifer
    Jessica Jessika Johanna Josefine Judith Jule Julia Juliane Jutta Karin Karina Karla Karoline Katharina Kathrin
    Katja Katrin Käthe Kerstin Kirsten Klara Kornelia Kristina Laura Lea Lena Leni Leonie Liane Lieselotte Liesel
    Lilli Lilly Lina Linda Lisa Liselotte Lotta Lotte Louisa Luisa Luise Lucia Luzia Lydia Magda Magdalena Maike Malin
    Manuela Mareike Marga Margarete Margarethe Margit Margot Maria Marianne Marie Marion Marita Marlene Marlies Marta
    Martha Martina Mathilda Mechthild Meike Melanie Merle Michaela Mila Milena Minna Miriam Mirjam Monika Nadine Nadja
    Natalie Nathalie Nele Nicole Nina Nora Ottilie Paula Paulina Pauline Petra Philippa Pia Ramona Rebecca Rebekka
    Regina Renate Rieke Rita Romy Ronja Rosalie Rosemarie Roswitha Ruth Sabine Sabrina Sandra Sara Sarah Saskia Senta
    Sieglinde Sigrid Silke Silvia Simone Sonja Sophia Sophie Stefanie Stella Stephanie Susanne Svea Svenja Swantje
    Tabea Tanja Tatjana Thea Theresa Therese Theresia Tina Trude Ulla Ulrike Ursula Uschi Uta Ute Valerie Vanessa Vera
    Verena Veronika Viktoria Vivien Waltraud Walburga Bianca Rosa Gaby Smilla Wiebke Wilhelmine Wilma Yasmin Yvonne
    Zoe Gertraude Hannelie Irmela Kunigunde Lioba Ortrud Rosi Friedel Gundula Hiltrud Adele Anneke Annelie Edeltraud
    Gerlinde Gretel Ilka Jolanda Lilo Marei Marleen Nelly Tamara Traudl Ulrica Vroni Wally Xenia Yvette Zita`,
  // male
  `Achim Adrian Albert Albrecht Alexander Alfons Alfred Alois Andreas Anselm Ansgar Anton Armin Arne Arnd Arno Arnold
    Artur Axel Balthasar Bastian Benedikt Benjamin Bernd Bernhard Berthold Bertram Björn Bodo Boris Bruno Burkhard
    Carl Carsten Christian Christof Christoph Christopher Claus Clemens Conrad Constantin Daniel David Dennis Detlef
    Detlev Dieter Dietmar Dietrich Dirk Dominik Eberhard Eckart Eckhard Edgar Eduard Egon Eike Ekkehard Elias Elmar
    Emanuel Emil Engelbert Erhard Erich Erik Erwin Eugen Ewald Fabian Falk Falko Felix Ferdinand Finn Florian Franz
    Friedbert Friedemann Friedhelm Friedrich Fritz Fynn Georg Gerald Gerd Gerhard Gernot Gero Gisbert Gottfried Götz
    Gregor Günter Günther Gunter Gunther Gustav Hannes Hanno Hans Harald Hartmut Hartwig Hasso Heiko Heiner Heino
    Heinrich Heinz Helge Helmut Helmuth Henning Henrik Henry Herbert Heribert Hermann Hinrich Holger Horst Hubert
    Hubertus Hugo Ingo Ingolf Jakob Jannik Jannis Jens Joachim Jochen Johann Johannes Jonas Jonathan Jörg Josef Joseph
    Jost Julian Julius Jürgen Justus Kai Karl Karlheinz Karsten Kaspar Kasimir Kevin Kilian Klaus Knut Konrad
    Konstantin Korbinian Kuno Kurt Lambert Lars Laurin Lennart Leon Leonard Leonhard Leopold Levin Linus Lorenz Lothar
    Louis Luca Ludger Luis Lukas Lutz Magnus Maik Malte Manfred Manuel Marc Marcel Marco Marcus Marian Mario Marius
    Markus Marlon Martin Marvin Mathias Mats Matthias Mattis Max Maximilian Meinhard Merlin Michael Mika Mirko Moritz
    Nick Nico Niels Niklas Nikolai Nikolas Nils Noah Norbert Olaf Ole Oliver Ortwin Oskar Otmar Ottmar Otto Pascal
    Patrick Paul Peter Philipp Quirin Rafael Raimund Rainer Ralf Ralph Raphael Reinhard Reinhold René Richard Robert
    Roland Rolf Ruben Rudi Rudolf Rüdiger Rupert Sascha Sepp Sebastian Severin Siegfried Sigmund Simon Sönke Stefan
    Steffen Stephan Steven Sven Swen Tassilo Theo Theodor Thies Thilo Thomas Thorben Thorsten Tilo Tillmann Tim Timo
    Tjark Tobias Tom Torben Torsten Udo Ulf Ulli Ulrich Uwe Valentin Veit Viktor Vincent Vinzenz Volker Waldemar
    Walter Wendelin Wenzel Werner Wieland Wilfried Wilhelm Willi Willy Winfried Wolfgang Wolfram Xaver Yannick Arnulf
    Dankwart Egbert Gebhard Hajo Hansjörg Helmar Henner Jobst Kay Lenz Ludwig Benno Laurenz Meik Mirco Niko Otfried
    Rochus Sigurd Silvio Ulrik Vitus Wigand Wilko Enno Hauke Fiete Jasper Jonah Joshua Kalle Lasse Lenny Luka Matteo
    Maxim Milo Nepomuk Piet Tilman Willem`,
].join(' ');

/** Turkish (and Kurdish) given names. */
export const FIRST_NAMES_TURKISH = `Ahmet Ali Arda Ayşe Aylin Ayla Aynur Aysel Aysun Ayten Ayhan Bahar Barış Batuhan
  Belgin Berk Berkay Berna Beyza Burak Burcu Büşra Bülent Canan Cansu Cem Cemal Cemile Cengiz Ceren Çiğdem Damla Demet
  Derya Didem Dilan Dilara Dilek Duygu Ebru Ece Eda Elçin Elif Emel Emine Emir Emre Enes Engin Ercan Erdal Eren Erhan
  Erkan Erol Ersin Ertan Ertuğrul Esin Esma Esra Eylül Ezgi Fadime Fatih Fatma Ferhat Fikret Filiz Fuat Funda Furkan
  Gamze Gizem Gökhan Gonca Gül Gülay Gülşen Gülten Hacer Hakan Halil Halit Hamza Hanife Harun Hasan Hatice Havva
  Haydar Hilal Hülya Hüseyin İbrahim İlhan İlker İrem İsa İsmail Kaan Kadir Kamil Kazım Kemal Kenan Kerem Koray Kübra
  Lale Levent Leyla Mahmut Melek Melike Melis Meltem Merve Mesut Mehmet Muhammed Muharrem Murat Mustafa Nazlı Metin
  Necati Necla Deniz Nedim Nermin Neslihan Nesrin Nevzat Nihal Nihat Nilay Nurcan Nuray Nurhan Nuri Oğuz Oğuzhan Okan
  Oktay Onur Orhan Orkun Osman Ömer Özge Özgür Özlem Öznur Pelin Pınar Rabia Ramazan Recep Reyhan Rıza Rumeysa Sabri
  Sadık Salih Sami Savaş Seda Sedat Seher Selçuk Selim Selin Sema Semih Semra Serap Sercan Serdar Serkan Sevda Sevgi
  Sevil Sevim Seyhan Sibel Sinan Songül Suat Sude Süleyman Şenol Şerife Şükrü Şule Tamer Taner Tarık Tayfun Tolga
  Tuğba Tülay Tülin Tuncay Turgut Türkan Uğur Ufuk Umut Ümit Vedat Volkan Yağmur Yakup Yasemin Yasin Yaşar Yavuz Yeliz
  Yiğit Yücel Yunus Yusuf Zafer Zehra Zeki Zekeriya Zeliha Zerrin Zeynep Zuhal Zübeyde Ahu Arzu Aslı Asiye Gülnur Jale
  Müge Nalan Özden Tijen Işıl Fulya Şeyma Elanur Azad Baran Berivan Hevin Rojda Zana Şivan Ilkay Ilayda Efe Ege Mert
  Doruk Alp Alper Caner Cenk Doğukan Emrah Erdinç Gürkan Kutay Oğulcan Serhat Tuncer Yalçın`;

/** Polish given names. */
export const FIRST_NAMES_POLISH = `Adam Adrian Agata Agnieszka Aleksander Aleksandra Aleksy Alicja Andrzej Aneta
  Aniela Antoni Arkadiusz Artur Bartłomiej Bartosz Beata Bogdan Bogna Bogumiła Bogusław Bolesław Bożena Bronisław
  Celina Czesław Dagmara Damian Danuta Daria Dariusz Dawid Dominika Dorota Edyta Elżbieta Emilia Ewa Ewelina Filip
  Franciszek Gabriela Genowefa Grażyna Grzegorz Halina Hanna Henryk Honorata Hubert Ignacy Igor Ilona Irena Iwona
  Izabela Jacek Jadwiga Jakub Janina Janusz Jarosław Jerzy Joanna Jolanta Józef Julia Justyna Kacper Kamil Kamila
  Karol Karolina Katarzyna Kazimierz Kinga Klaudia Kornelia Krystyna Krzysztof Ksawery Lech Leszek Lidia Lucjan Ludwik
  Łucja Łukasz Maciej Magdalena Maja Małgorzata Marcin Marek Marianna Mariusz Marta Martyna Marzena Mateusz Michał
  Mieczysław Mikołaj Milena Mirosław Mirosława Monika Natalia Nikola Norbert Ola Oliwia Oskar Patrycja Paulina Paweł
  Piotr Przemysław Radosław Rafał Renata Roksana Ryszard Sabina Sławomir Stanisław Stanisława Sylwia Szymon Tadeusz
  Teresa Tomasz Tymoteusz Urszula Wacław Wanda Weronika Wiesław Wiesława Wiktor Wiktoria Wioletta Witold Władysław
  Włodzimierz Wojciech Zbigniew Zdzisław Zofia Zuzanna Zygmunt Żaneta Jan Ryszarda Jędrzej Radek Bożydar Dobromił
  Grzesiek Gosia Kasia Basia Zosia Tomek Wojtek Bartek Jacenty Ksenia Lena`;

/** Italian given names. */
export const FIRST_NAMES_ITALIAN = `Adriana Adriano Agostino Alberto Aldo Alessandra Alessandro Alessio Alfredo Andrea
  Angelo Antonella Antonietta Antonio Arianna Armando Assunta Benedetta Camilla Carlo Carmela Carmelo Carmine Caterina
  Cesare Chiara Ciro Claudio Concetta Corrado Cosimo Cristian Cristina Daniele Dario Davide Debora Dino Domenico
  Donatella Donato Edoardo Elena Eleonora Elio Elisa Elisabetta Emanuela Emanuele Emilio Enrico Enzo Ermanno Ettore
  Ezio Fabio Fabrizio Federica Federico Filippo Filomena Fiorella Flavio Francesca Francesco Franco Gabriella Gaetano
  Gennaro Gerardo Giacomo Giada Gianfranco Gianluca Gianmarco Gianni Gino Ginevra Giorgia Giorgio Giovanna Giovanni
  Giulia Giuliana Giuliano Giulio Giuseppe Giuseppina Graziella Guglielmo Guido Ignazio Ilaria Immacolata Letizia Lino
  Livia Lorenza Lorenzo Loredana Luana Luca Luciana Luciano Lucio Ludovica Luigi Marcella Marcello Margherita
  Mariangela Marisa Massimo Mattia Maurizio Mauro Michela Michele Mirella Nicola Nicoletta Nicolò Noemi Nunzio Orazio
  Ornella Ottavio Paola Paolo Pasquale Patrizia Piera Piero Pierluigi Pierpaolo Pietro Raffaele Raffaella Remo Renato
  Riccardo Mario Rinaldo Roberta Roberto Rocco Rosalba Rosanna Rosaria Rosario Salvatore Samuele Sandro Sebastiano
  Serena Sergio Silvio Simona Simone Sofia Stefania Stefano Teodoro Tiziana Tiziano Tommaso Ubaldo Ugo Umberto
  Valentina Valerio Vincenzo Vito Vittoria Vittorio Gioia Annalisa Annamaria Fulvio Gianpaolo Giancarlo Mariella Marta
  Nadia Ottavia Romina Rossella Sabrina Sara Tullio Vanna Viola Virgilio`;

/** Given names common in the United Kingdom, Ireland and North America. */
export const FIRST_NAMES_ENGLISH = [
  // female
  `Abigail Abby Ada Adele Agatha Ailsa Alexis Alice Alicia Alison Allison Alyssa Amanda Amelia Amy Angela Angelina
    Anna Anne Annie Aoife Ariana Ashley Aubrey Audrey Ava Avery Barbara Beatrice Becky Bella Beth Bethany Betty
    Beverly Bonnie Brenda Brianna Bridget Brittany Brooke Bronwen Caitlin Camilla Carly Caroline Carolyn Carrie Carys
    Catherine Cathy Cerys Charlene Charlotte Cheryl Chloe Christina Christine Ciara Cindy Claire Clara Claudia Colleen
    Connie Courtney Cynthia Danielle Debbie Deborah Debra Deirdre Delilah Denise Diana Diane Donna Doris Dorothy Edith
    Eileen Elaine Eleanor Elena Eliza Elizabeth Ella Ellen Ellie Eloise Elsie Elspeth Emilia Emily Emma Erica Erin
    Esther Ethel Evelyn Evie Felicity Ffion Fiona Frances Freya Gemma Genevieve Georgina Gillian Gina Gloria Grainne
    Gwen Gwendolyn Hailey Hannah Harriet Hayley Heidi Helen Imogen Irene Isabel Isabella Isabelle Isla Jacqueline Jane
    Janet Janice Jean Jeanette Jenna Jennifer Jenny Jessica Jill Joan Joanna Joanne Jocelyn Josephine Josie Joyce
    Judith Judy Julia Julie Juliet Karen Kate Katherine Kathleen Kathryn Katie Kayla Kaylee Kelly Kerry Kimberly
    Kirsty Kristen Laura Lauren Layla Leah Leanne Lesley Leslie Lillian Linda Lindsay Lisa Lois Lorraine Louise
    Lucille Lucy Lydia Lynn Mabel Madeleine Maeve Maggie Mandy Margaret Margot Maria Marian Marie Marilyn Marion
    Martha Mary Matilda Maureen Maya Megan Melanie Melissa Mia Michelle Mildred Millie Miranda Molly Monica Morag
    Nancy Naomi Natalie Natasha Nell Niamh Nicola Nicole Nina Nora Norma Olivia Orla Paige Pamela Patricia Paula
    Pauline Penelope Sharon Helena Philippa Phoebe Pippa Rachel Rebecca Regina Rhiannon Rita Roberta Robyn Roisin
    Rosalind Rosemary Rosie Ruth Sally Samantha Sandra Sara Sarah Saoirse Scarlett Seren Shannon Sheila Shirley Sian
    Sienna Sinead Siobhan Skylar Sophia Sophie Stacey Stella Stephanie Susan Suzanne Sylvia Tamsin Tanya Teresa
    Theresa Tiffany Tina Tracey Tracy Ursula Valerie Vanessa Vera Veronica Victoria Wendy Yvonne Zara Zoe Zoey Abigale
    Annabel Annabelle Beatrix Cecilia Clarissa Cordelia Daphne Eilidh Elsa Esme Fenella Fern Harriett Hermione Honoria
    Iona Jemima Kirsteen Lorna Marcia Marjorie Mavis Muriel Nerys Octavia Rowena Sybil Thomasina Verity Winifred`,
  // male
  `Aaron Adam Aidan Aiden Alan Albert Alec Alex Alexander Alfie Alfred Alistair Andrew Andy Angus Anthony Archie
    Arthur Asher Barry Ben Benjamin Bernard Billy Blake Bobby Brad Bradley Brandon Brendan Brent Brett Brian Bruce
    Bryan Bryce Bryn Byron Caleb Callum Calvin Cameron Carl Casey Charles Charlie Chris Christian Christopher Cillian
    Clarence Clayton Clifford Clint Clive Cody Colin Connor Conor Craig Curtis Dafydd Damian Damien Dan Daniel Danny
    Darragh Darren Dave David Declan Dennis Derek Desmond Dominic Donald Douglas Duncan Dwight Dylan Eddie Edgar
    Edmund Edward Edwin Eli Elijah Elliot Elliott Ellis Emmett Eoin Eric Ernest Ethan Eugene Evan Ewan Ezra Felix
    Fergus Finlay Finley Floyd Francis Frankie Fraser Freddie Frederick Gabriel Gareth Gary Gavin Geoffrey George
    Gerald Gerard Gethin Gilbert Gordon Graham Gregory Gwyn Hamish Harold Harrison Harry Harvey Hayden Henry Herbert
    Homer Howard Hudson Hugh Hugo Huw Ian Irving Isaac Ivan Jacob Jake James Jamie Jared Jason Jasper Jeff Jeffrey
    Jeremiah Jeremy Jerome Jerry Jesse Jim Jimmy Joe Joel John Johnny Jon Jonathan Joseph Josh Joshua Josiah Julian
    Justin Keith Kenneth Kenny Kevin Kieran Kyle Landon Larry Lawrence Leo Leon Leonard Levi Lewis Liam Lionel Lloyd
    Logan Louis Lucas Luke Malcolm Marcus Martin Marvin Matt Matthew Maurice Max Melvin Michael Mickey Mike Mitchell
    Murray Nathan Nathaniel Neil Nelson Niall Nicholas Nick Nigel Noah Noel Norman Oisin Oliver Oscar Otis Owain Owen
    Padraig Patrick Paul Perry Peter Philip Phillip Quentin Ralph Randall Randy Raymond Reece Reggie Rhys Richard Rick
    Ricky Riley Robert Rodney Roger Roland Ron Ronald Ronan Ronnie Rory Ross Roy Rupert Russell Ryan Sam Samuel Scott
    Seamus Sean Sebastian Seth Shane Shaun Sidney Silas Simon Spencer Stanley Stephen Steve Steven Stewart Stuart
    Sylvester Tadhg Ted Terence Terry Theo Theodore Thomas Timothy Toby Todd Tom Tommy Tony Trevor Troy Tyler Vernon
    Victor Vincent Wallace Walter Warren Wayne Wesley Wilbur William Willie Wyatt Zachary Zach Alasdair Barnaby Cedric
    Clement Crispin Digby Dougal Eamon Eamonn Fintan Gideon Hector Jarvis Kendrick Leopold Lorcan Magnus Mortimer
    Percival Piers Rafferty Reginald Rufus Sebastien Tristan Ulysses Wilfred`,
].join(' ');

/** Given names of other origins: Arabic, Greek, Slavic, Iberian, French, Dutch, Nordic, Asian, African. */
export const FIRST_NAMES_OTHER = [
  // Arabic
  `Ahmed Ahmad Mohammed Mohammad Muhammad Mohamed Mahmoud Omar Umar Hassan Hussein Hussain Ibrahim Youssef Yousef
    Khalid Khaled Karim Tarek Tariq Samir Nabil Walid Rami Fadi Jamal Rashid Saeed Nasser Amir Bilal Anas Adnan Imad
    Ziad Ayman Bassam Majid Mounir Hicham Rachid Abdullah Abdul Abdel Abdelkader Mustapha Idris Ismail Issa Jalal
    Marwan Nizar Osama Qasim Raed Sami Sherif Tamer Yahya Zakaria Zaid Fatima Aisha Aicha Amina Layla Leila Yasmina
    Mariam Maryam Nour Noor Rania Salma Samira Hana Huda Zainab Lina Dina Rana Reem Farah Hiba Iman Lamia Malak Nada
    Nawal Rasha Safa Wafa Yara Zahra Amal Asma Ghada Heba Khadija Latifa Mona Najwa Souad Dalia Hanan Jamila Karima
    Loubna Malika Nadia Naima Rahma Ranya Sanaa Siham Wiam`,
  // Greek
  `Dimitrios Georgios Konstantinos Ioannis Nikolaos Christos Panagiotis Vasilios Athanasios Evangelos Spyros Stavros
    Kostas Giorgos Nikos Yannis Alexandros Petros Theodoros Michalis Apostolos Charalampos Dimitris Ilias Lefteris
    Manolis Stelios Thanos Vangelis Eleni Katerina Dimitra Ioanna Vasiliki Despina Eirini Irini Paraskevi Chrysa
    Angeliki Athina Evangelia Konstantina Zoi Niki Anastasia Sofia Panagiota Kalliopi Georgia Ourania Stavroula`,
  // Russian, Ukrainian and Belarusian
  `Alexei Aleksei Alexey Andrei Andrey Anatoli Anatoly Dmitri Dmitry Dmitrij Evgeni Jewgeni Yevgeny Ilya Kirill Leonid
    Mikhail Michail Nikolay Oleg Pavel Sergei Sergej Sergey Stanislav Vadim Valeri Valery Vitali Vitaly Vladimir
    Wladimir Vladislav Yuri Juri Artem Artjom Taras Oleksandr Oleksii Mykola Mykhailo Volodymyr Yaroslav Bogdan Denis
    Gennadi Grigori Maksim Ruslan Timur Alina Daria Darja Ekaterina Jekaterina Jelena Galina Irina Ksenia Larisa
    Ljudmila Lyudmila Nadezhda Natalja Natasha Oksana Olga Polina Svetlana Swetlana Tatiana Yulia Julija Zhanna Olena
    Halyna Iryna Kateryna Nataliya Tetiana Mariya Sofiya Ljuba Inna Lilia Alla Anastasija Jana Kristina Valentina
    Viktoriya Yelena Yekaterina Elvira Nina Raisa Zoya Vera Rosa`,
  // Spanish and Portuguese
  `Alejandro Álvaro Carlos Diego Eduardo Enrique Fernando Francisco Gonzalo Guillermo Ignacio Javier Jorge José Juan
    Luis Manuel Miguel Pablo Pedro Rafael Ramón Raúl Ricardo Rodrigo Santiago Sergio Víctor Joaquín Andrés Mateo Iván
    Jaime Jesús Julio Martín Nicolás Óscar Rubén Salvador Tomás Vicente Xavier Alfonso Agustín Esteban Felipe Gustavo
    Héctor Hernán Leandro Lorenzo Mariano Mauricio Octavio Ramiro Rogelio Teodoro Ulises João Tiago Gonçalo Rui Nuno
    Paulo Fábio Luís Vasco Duarte Henrique Afonso Ana María Carmen Lucía Sofía Isabel Marta Beatriz Pilar Raquel Inés
    Lorena Dolores Consuelo Esperanza Guadalupe Rocío Nuria Montserrat Marisol Ximena Valeria Camila Gabriela Mariana
    Fernanda Juliana Leticia Patrícia Joana Catarina Filipa Mafalda Leonor Matilde Alba Adriana Alejandra Amparo
    Araceli Begoña Blanca Carolina Conchita Encarnación Estefanía Eva Inmaculada Itziar Lourdes Macarena Maite
    Milagros Paloma Remedios Soledad Yolanda Graça Conceição Fátima`,
  // French
  `Jean Pierre Jacques Michel Philippe Alain Christophe Nicolas Olivier Stéphane Sébastien Laurent Thierry Julien
    Guillaume Antoine Mathieu François Frédéric Didier Gérard Yves Hervé Benoît Arnaud Cédric Fabien Jérôme Maxime
    Thibault Étienne Rémi Baptiste Clément Théo Lucien Marcel Gaston Gilles Jean-Pierre Loïc Mathis Raphaël Romain
    Yann Anne Isabelle Sylvie Nathalie Sandrine Véronique Valérie Céline Aurélie Camille Chloé Manon Léa Émilie Julie
    Juliette Margaux Océane Amélie Brigitte Monique Françoise Martine Dominique Hélène Geneviève Béatrice Mathilde
    Agathe Apolline Capucine Solène Gaëlle Mélanie Élodie Élise Josiane Ginette Odile Pascale Laetitia Marine Coralie`,
  // Dutch and Flemish
  `Pieter Hendrik Cornelis Gerrit Kees Bram Daan Sem Thijs Jeroen Joost Ruud Maarten Sander Bas Wouter Luuk Stijn
    Sjoerd Teun Floris Joris Koen Marijn Tijmen Henk Gert Geert Wim Arjen Frits Jelle Jorik Jurgen Lieven Rutger
    Sietse Tjeerd Anouk Annelies Femke Fleur Lieke Marieke Roos Sanne Tess Lisanne Marloes Els Ilse Ineke Jantine
    Karlijn Lotte Mieke Nienke Sietske Willemijn Wilhelmina Yvette`,
  // Scandinavian, Finnish and Icelandic
  `Anders Bjørn Gustav Ingvar Johan Leif Mikael Olav Olof Rasmus Stig Torbjörn Åke Mads Søren Jesper Kasper Frederik
    Morten Espen Thor Vidar Einar Gunnar Håkan Viggo Halvor Eskil Jonne Juha Jukka Matti Mikko Pekka Timo Antti Ville
    Sigurður Jón Gudrun Birgitta Britt Dagny Elin Freja Kristin Linnea Margit Siv Solveig Tove Agneta Mette Pernille
    Signe Sunniva Trine Vibeke Ebba Hedvig Liv Saga Ylva Åsa Kaisa Aino Sanna Tuula Hanne Kirsti Ragnhild`,
  // Balkan, Romanian and Hungarian
  `Aleksandar Bojan Branko Dejan Dragan Dušan Goran Ivica Jovan Marko Miloš Miroslav Nebojša Predrag Slobodan Srđan
    Zoran Željko Zlatan Damir Edin Mirza Haris Hrvoje Ante Tomislav Mladen Nenad Vesna Biljana Danijela Dragana
    Gordana Ivana Jasmina Katarina Marija Milica Mirjana Nataša Snežana Tijana Zorana Ljiljana Sanja Amra Lejla Selma
    Ajla Emina Arben Besnik Dritan Fatos Genti Ilir Valon Arta Blerta Drita Elira Vjosa Alexandru Florin Gheorghe
    Ionuț Lucian Mihai Ovidiu Radu Răzvan Sorin Vasile Andreea Ioana Mihaela Oana Roxana András Attila Balázs Csaba
    Gábor György István János László Péter Sándor Tamás Zoltán Zsolt Ágnes Erzsébet Katalin Krisztina Zsófia Zsuzsanna
    Éva Ildikó Judit Dana Jiří Jaroslav Miroslava Petr Radek Vojtěch Zdeněk Lenka Jitka Petra Šárka`,
  // Persian, Afghan and Kurdish
  `Arash Babak Behrouz Dariush Farhad Farid Hamid Hossein Kaveh Mehdi Mohsen Navid Omid Payam Reza Shahin Siamak
    Behnam Kian Cyrus Ardeshir Azadeh Elham Farzaneh Mahsa Nasrin Parisa Roya Shirin Soraya Yasaman Golnar Ladan Mina
    Neda Negar Niloufar Samaneh Sepideh Shabnam Tahmineh Wahid Zalmai Ahmadzai Farida Fereshteh Laleh Mitra Nazanin`,
  // South Asian
  `Aarav Aditya Ajay Akash Amit Anil Anand Arjun Arun Ashok Deepak Gaurav Harish Karan Kiran Krishna Manish Manoj
    Mohan Nikhil Pradeep Prakash Pranav Rahul Raj Rajesh Rakesh Ramesh Ravi Rohan Rohit Sachin Sandeep Sanjay Sanjeev
    Satish Shiva Sunil Suresh Varun Vijay Vikram Vinod Vivek Yash Aarti Ananya Anjali Anita Deepa Divya Geeta Kavita
    Lakshmi Meera Neha Nisha Pooja Priya Priyanka Radha Rekha Sangeeta Shreya Sita Sneha Sunita Swati Usha Asif Imran
    Faisal Irfan Kamran Nadeem Shahid Usman Zubair Ayesha Sana Hina Saima Farhan Arif Waqar Shoaib Harpreet Gurpreet
    Manpreet Jaspreet Simran Navdeep Ranjit Sukhwinder Amandeep Rajendra Venkat Lalit Kunal Siddharth Tanvi Aishwarya
    Madhuri Nandini Pallavi Rashmi Shweta Smita Vandana`,
  // African
  `Ngozi Chinedu Chidi Chukwuemeka Emeka Obinna Ifeanyi Ikenna Uchenna Nnamdi Oluwaseun Seun Olumide Tunde Babatunde
    Adebayo Ayodele Folake Funmilayo Kemi Yetunde Bisi Chioma Adaeze Amara Nneka Ifeoma Nkechi Chiamaka Ebere Kwame
    Kofi Kwaku Kojo Yaw Akosua Abena Efua Esi Aminata Fatou Moussa Mamadou Ousmane Ibrahima Abdoulaye Cheikh Awa
    Mariama Aissatou Kwabena Thabo Sipho Themba Mandla Nomvula Thandiwe Zanele Lindiwe Naledi Tendai Tatenda Chipo
    Rudo Wanjiru Wanjiku Njeri Achieng Akinyi Juma Baraka Neema Zawadi Abebe Tesfaye Haile Selam Meron Tigist Almaz
    Yonas Dawit Amadou Dayo Femi Tolu Tobi Yemi Segun Kunle Adaora Chinwe Obiageli Oluwadamilare Temitope Kayode
    Olamide`,
  // East and Southeast Asian
  `Wei Jing Ming Hui Ying Xin Lei Hao Jie Tao Qiang Xiao Mei Hua Yong Zhen Feng Ling Yun Xiaoming Xiaoling Jianguo
    Zhiwei Jiahui Yiming Haoran Zihan Yuxuan Hiroshi Takashi Kenji Kenta Haruto Yuki Yuto Sota Daiki Ryo Ryota Shota
    Takumi Kazuki Naoki Satoshi Akira Makoto Kaito Riku Sakura Yui Aoi Yuna Haruka Ayaka Misaki Nanami Yoko Keiko Aiko
    Emi Kaori Megumi Yumi Hanako Haruki Ichiro Kenichi Taro Koji Shinji Tetsuya Yusuke Daisuke Hideki Masato Minjun
    Jihoon Seoyeon Jiwoo Hyun Eun Minji Jisoo Soyeon Anh Bao Binh Duc Hieu Hoa Huong Khanh Linh Minh Ngoc Phuong Quang
    Thanh Thao Trang Tuan Tuyet Hanh Hien Thuy Trung Khoa Nam`,
  // Hebrew and other
  `Avi Yossi Moshe Yael Noa Tamar Shira Rivka Eitan Noam Oren Ido Itai Lior Ariel Yehuda Chaim Miriam Aviva`,
].join(' ');
