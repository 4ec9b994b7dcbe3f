"""Words for the synthetic directory, in English, French, Spanish, Italian, German and
Portuguese: trades with their ESSGlobal codes, name patterns, sentences, adjectives and the
distinctive words co-operatives are named after. Used by ``_directory_synth``; no Django here.

The long tables are text blocks parsed at import, so that each fits on a screen:

- ``TRADE_TEXT``: per trade and language, ``names`` (separated by " | "), phrases saying what
  the organization ``does`` (third person, fitting the language's relative clause: "qui …",
  "die … backt") and ``offer``s as "text: comma-separated tags";
- ``ALLY_TEXT``: per ally category and language, ``name``s and one-sentence descriptions
  (``says``);
- word lists as "key: word, word, …", most common first.
"""

from __future__ import annotations

import re
from typing import NamedTuple

LANGUAGES = ("en", "fr", "es", "it", "de", "pt")

Words = tuple[str, ...]
Offers = tuple[tuple[str, str], ...]
Weighted = tuple[tuple[str, float], ...]


class Trade(NamedTuple):
    weight: float
    activity: Weighted
    structure: Weighted
    membership: Weighted
    # language → (name words, what it does, offers)
    text: dict[str, tuple[Words, Words, Offers]]


def _blocks(text: str) -> dict[tuple[str, str], dict[str, list[str]]]:
    """ "key language" lines, each followed by indented "field value" lines."""
    out: dict[tuple[str, str], dict[str, list[str]]] = {}
    fields: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        if not line.startswith(" "):
            key, language = line.split()
            fields = out.setdefault((key, language), {})
        else:
            field, _, value = line.strip().partition(" ")
            fields.setdefault(field, []).append(value.strip())
    return out


def _word_lists(text: str) -> dict[str, Words]:
    """ "key: a, b, c" lines; indented lines continue the one above."""
    joined: dict[str, str] = {}
    key = ""
    for line in text.splitlines():
        if not line.strip():
            continue
        if line.startswith(" "):
            joined[key] += " " + line.strip()
        else:
            key, _, rest = line.partition(":")
            joined[key] = rest.strip()
    return {k: tuple(w.strip() for w in v.split(",")) for k, v in joined.items()}


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _weighted(field: str, prefix: str) -> Weighted:
    return tuple((prefix + code, float(w)) for code, w in (p.split(":") for p in field.split()))


def _trades(codes: str, text: str) -> dict[str, Trade]:
    blocks = _blocks(text)
    trades = {}
    for line in codes.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, weight, activity, structure, membership = re.split(r"\s{2,}", line.strip())
        trades[key] = Trade(
            float(weight),
            _weighted(activity, "ICA"),
            _weighted(structure, "OS"),
            _weighted(membership, "BMT"),
            {
                language: (
                    tuple(blocks[key, language]["names"][0].split(" | ")),
                    tuple(blocks[key, language]["does"]),
                    tuple(
                        (text, tags)
                        for text, _, tags in (
                            o.partition(": ") for o in blocks[key, language]["offer"]
                        )
                    ),
                )
                for language in LANGUAGES
            },
        )
    return trades


# How common each trade is (a weight) and its ESSGlobal codes with weights: ICA economic
# activity, organisational structure and base membership type.
TRADE_CODES = """
# trade       weight  activity (ICA…)    structure (OS…)   membership (BMT…)
bakery        5       240:3 250:2 60:1   60:5 115:2 130:1  30:5 10:2
grocery       7       240:6 260:2        80:6 130:2 115:1  10:8 40:1
housing       8       210:10             70:8 130:2 170:1  50:8 40:1
energy        5       230:10             100:4 130:4 80:2  10:5 40:4
farming       8       10:8 250:2         90:8 115:2        20:9 40:1
dairy         3       20:10              90:9 115:1        20:10
taxi          2       220:10             60:9 150:1        30:10
books         1.5     240:8 160:1        60:6 80:3         30:6 10:3
care          5       200:6 170:2 270:2  100:5 60:3 30:2   40:5 30:4
software      3       110:8 280:2        60:8 50:1 150:1   30:10
brewery       2       250:8 240:2        60:5 130:4        30:5 10:4
credit        5       140:10             115:5 170:3 80:2  10:9 40:1
pub           3       120:6 180:2 280:2  130:6 60:3        10:6 40:3
cycling       1.5     120:6 240:3 220:1  60:8 130:2        30:8 10:2
construction  3       70:10              60:8 50:1         30:10
fishing       1.2     50:10              90:9              20:10
wine          2.5     250:6 10:4         90:9              20:10
coffee        1.5     10:8 260:2         90:9              20:10
school        2       160:9 270:1        100:5 60:3 20:2   40:6 10:3
health        2       170:10             80:5 60:3 100:2   10:5 30:4
cleaning      1.5     120:8 280:2        60:8 30:2         30:10
printing      1.2     110:5 90:5         60:9              30:10
media         1.2     280:6 180:4        100:5 60:5        40:5 30:4
forestry      1.2     30:10              90:7 60:3         20:6 30:4
crafts        2       60:10              60:5 150:3 90:2   20:5 30:5
tourism       1.5     130:10             60:5 100:3 130:2  30:5 40:4
insurance     0.8     150:10             170:7 115:3       10:10
childcare     1.5     270:7 160:3        100:5 80:3 60:2   40:5 10:5
recycling     1.5     280:5 230:3 240:2  60:5 30:3 100:2   30:6 40:4
water         1.2     230:6 40:4         80:7 115:3        10:8 50:2
"""

TRADE_TEXT = """
bakery en
    names Bakery | Bakehouse | Bread
    does  bakes sourdough bread and pastries
    does  runs a neighbourhood bakery and café
    offer Sourdough bread: bread, sourdough, organic
    offer Celebration cakes: cakes, pastry, events
    offer Wholesale bread for cafés: bread, wholesale, delivery
bakery fr
    names Boulangerie | Fournil | Pain
    does  fabrique du pain au levain et des viennoiseries
    does  tient une boulangerie de quartier
    offer Pain au levain: pain, levain, bio
    offer Viennoiseries: croissants, viennoiserie, pâtisserie
    offer Pain pour les cantines: pain, restauration collective, livraison
bakery es
    names Panadería | Horno | Pan
    does  elabora pan de masa madre y bollería
    does  gestiona una panadería de barrio
    offer Pan de masa madre: pan, masa madre, ecológico
    offer Facturas y bollería: facturas, bollería, pastelería
    offer Pan para comedores: pan, comedores, reparto
bakery it
    names Panificio | Forno | Pane
    does  produce pane a lievito madre e dolci
    does  gestisce un forno di quartiere
    offer Pane a lievito madre: pane, lievito madre, biologico
    offer Dolci da forno: dolci, pasticceria, cornetti
    offer Pane per le mense: pane, mense, consegna
bakery de
    names Bäckerei | Backstube | Brot
    does  Sauerteigbrot und Gebäck backt
    does  eine Stadtteilbäckerei mit Café betreibt
    offer Sauerteigbrot: Brot, Sauerteig, Bio
    offer Kuchen und Torten: Kuchen, Torten, Konditorei
    offer Brot für Kantinen: Brot, Kantine, Lieferung
bakery pt
    names Padaria | Panificadora | Pão
    does  produz pão de fermentação natural
    does  mantém uma padaria de bairro
    offer Pão de fermentação natural: pão, fermentação natural, orgânico
    offer Bolos e doces: bolos, doces, confeitaria
    offer Pão para refeitórios: pão, refeitórios, entrega
grocery en
    names Food Co-op | Grocery | Wholefoods | Market
    does  sells local, organic and bulk food
    does  runs a member-owned grocery store
    offer Organic vegetable boxes: vegetables, organic, delivery
    offer Bulk dry goods: bulk, zero waste, grains
    offer Local cheese and dairy: cheese, dairy, local
grocery fr
    names Épicerie | Supérette | Marché
    does  vend des produits locaux, bio et en vrac
    does  gère une épicerie détenue par ses membres
    offer Paniers de légumes bio: légumes, bio, paniers
    offer Épicerie en vrac: vrac, zéro déchet, céréales
    offer Fromages fermiers: fromage, produits laitiers, local
grocery es
    names Almacén | Supermercado | Mercado | Despensa
    does  vende alimentos locales, ecológicos y a granel
    does  gestiona un supermercado de sus socios
    offer Cestas de verduras ecológicas: verduras, ecológico, cestas
    offer Productos a granel: granel, residuo cero, cereales
    offer Quesos artesanos: queso, lácteos, local
grocery it
    names Alimentari | Spaccio | Mercato | Bottega
    does  vende prodotti locali, biologici e sfusi
    does  gestisce un negozio di alimentari dei soci
    offer Cassette di verdura bio: verdura, biologico, cassette
    offer Prodotti sfusi: sfuso, rifiuti zero, cereali
    offer Formaggi locali: formaggio, latticini, locale
grocery de
    names Lebensmittel | Bioladen | Markt | Konsum
    does  regionale und biologische Lebensmittel verkauft
    does  einen Mitgliederladen führt
    offer Gemüsekisten: Gemüse, Bio, Abo
    offer Unverpackte Lebensmittel: unverpackt, Zero Waste, Getreide
    offer Käse aus der Region: Käse, Milchprodukte, regional
grocery pt
    names Mercearia | Armazém | Mercado | Empório
    does  vende alimentos locais, orgânicos e a granel
    does  mantém um mercado dos associados
    offer Cestas de hortaliças orgânicas: hortaliças, orgânico, cestas
    offer Produtos a granel: granel, lixo zero, cereais
    offer Queijos artesanais: queijo, laticínios, local
housing en
    names Housing | Homes | Tenants | Housing Co-operative
    does  provides affordable homes managed by their residents
    does  owns and manages rented flats for its members
    offer Affordable flats to rent: housing, rent, flats
    offer Shared guest room: guest room, accommodation
    offer Community hall hire: hall, venue, events
housing fr
    names Habitat | Habitation | Logement | Habitat participatif
    does  propose des logements abordables gérés par leurs habitants
    does  construit et gère des logements pour ses membres
    offer Logements à loyer modéré: logement, location, appartements
    offer Chambre d'amis partagée: chambre, hébergement
    offer Salle commune: salle, location, événements
housing es
    names Vivienda | Viviendas | Hogar
    does  ofrece viviendas asequibles en cesión de uso
    does  construye y gestiona viviendas para sus socios
    offer Viviendas en cesión de uso: vivienda, alquiler, pisos
    offer Habitación de invitados: habitación, alojamiento
    offer Sala común: sala, alquiler, eventos
housing it
    names Abitazione | Casa | Edilizia abitativa
    does  offre case a prezzi accessibili ai propri soci
    does  costruisce e gestisce alloggi in affitto
    offer Alloggi in affitto: casa, affitto, appartamenti
    offer Foresteria: camera, ospitalità
    offer Sala comune: sala, affitto, eventi
housing de
    names Wohnungsbau | Wohnen | Bauverein | Wohnungsgenossenschaft
    does  bezahlbaren Wohnraum für ihre Mitglieder baut
    does  Mietwohnungen in Selbstverwaltung anbietet
    offer Genossenschaftswohnungen: Wohnung, Miete, Wohnen
    offer Gästewohnung: Gästewohnung, Übernachtung
    offer Gemeinschaftsraum: Raum, Miete, Veranstaltungen
housing pt
    names Habitação | Moradia | Casa
    does  oferece moradias a preço justo aos associados
    does  constrói e administra habitações para seus membros
    offer Apartamentos para alugar: habitação, aluguel, apartamentos
    offer Quarto de hóspedes: quarto, hospedagem
    offer Salão comunitário: salão, aluguel, eventos
energy en
    names Energy | Solar | Wind | Power
    does  generates solar and wind power owned by local people
    does  installs community solar panels and heat pumps
    offer Community solar shares: solar, shares, renewable
    offer Home energy advice: energy, insulation, advice
    offer Electric car sharing: car sharing, electric, mobility
energy fr
    names Énergie | Énergies renouvelables | Solaire | Éolien
    does  produit une électricité solaire et éolienne citoyenne
    does  installe des centrales solaires sur les toits de la commune
    offer Parts sociales solaires: solaire, épargne, renouvelable
    offer Conseil en rénovation énergétique: énergie, isolation, conseil
    offer Autopartage électrique: autopartage, électrique, mobilité
energy es
    names Energía | Energía renovable | Solar | Luz
    does  comercializa electricidad de origen renovable
    does  instala placas solares comunitarias
    offer Electricidad verde: electricidad, renovable, solar
    offer Autoconsumo compartido: autoconsumo, solar, placas
    offer Asesoría energética: energía, ahorro, asesoría
energy it
    names Energia | Energia rinnovabile | Solare
    does  produce energia solare e idroelettrica per i soci
    does  promuove comunità energetiche rinnovabili
    offer Comunità energetica: energia, comunità, solare
    offer Fornitura di elettricità verde: elettricità, rinnovabile, fornitura
    offer Consulenza energetica: energia, risparmio, consulenza
energy de
    names Energie | Bürgerenergie | Solar | Windkraft
    does  Solaranlagen und Windräder in Bürgerhand betreibt
    does  Strom aus erneuerbaren Quellen erzeugt
    offer Bürgersolaranlage: Solar, Photovoltaik, Beteiligung
    offer Ökostrom: Strom, erneuerbar, Tarif
    offer Energieberatung: Energie, Dämmung, Beratung
energy pt
    names Energia | Energia solar | Solar
    does  gera energia solar compartilhada
    does  instala painéis solares para os cooperados
    offer Energia solar compartilhada: energia, solar, renovável
    offer Painéis solares: painéis, solar, instalação
    offer Consultoria energética: energia, economia, consultoria
farming en
    names Farmers | Farm | Growers | Agricultural
    does  markets grain, fruit and vegetables grown by its members
    does  shares machinery and storage among family farms
    offer Seasonal vegetables: vegetables, seasonal, farm
    offer Grain and pulses: grain, wheat, pulses
    offer Farm machinery hire: machinery, tractors, hire
farming fr
    names Agricole | Ferme | Producteurs | Maraîchers
    does  commercialise les céréales et les légumes de ses adhérents
    does  met en commun le matériel agricole de ses membres
    offer Légumes de saison: légumes, saison, ferme
    offer Céréales et légumineuses: céréales, blé, lentilles
    offer Matériel agricole partagé: matériel, tracteurs, CUMA
farming es
    names Agrícola | Agropecuaria | Campo | Labradores
    does  comercializa cereales, frutas y hortalizas de sus socios
    does  comparte maquinaria agrícola entre familias campesinas
    offer Hortalizas de temporada: hortalizas, temporada, campo
    offer Cereales y legumbres: cereales, trigo, legumbres
    offer Aceite de oliva: aceite, oliva, virgen extra
farming it
    names Agricola | Ortofrutticola | Contadini | Terra
    does  commercializza frutta e verdura dei propri soci
    does  condivide macchine agricole tra aziende familiari
    offer Frutta e verdura di stagione: frutta, verdura, stagione
    offer Cereali e legumi: cereali, grano, legumi
    offer Olio extravergine: olio, oliva, extravergine
farming de
    names Landwirtschaft | Bauern | Hof | Agrar
    does  Getreide und Gemüse ihrer Mitglieder vermarktet
    does  Landmaschinen für Familienbetriebe teilt
    offer Saisongemüse: Gemüse, saisonal, Hof
    offer Getreide und Hülsenfrüchte: Getreide, Weizen, Linsen
    offer Maschinenring: Maschinen, Traktoren, Verleih
farming pt
    names Agropecuária | Agrícola | Produtores | Agricultores
    does  comercializa grãos, frutas e hortaliças dos cooperados
    does  compartilha máquinas entre agricultores familiares
    offer Hortaliças da estação: hortaliças, agricultura familiar, feira
    offer Grãos e feijão: grãos, soja, feijão
    offer Assistência técnica rural: assistência técnica, agronomia, campo
dairy en
    names Dairy | Milk Producers | Creamery
    does  collects and processes milk from its member farmers
    does  makes cheese, butter and yoghurt from local milk
    offer Fresh milk: milk, dairy, fresh
    offer Farmhouse cheese: cheese, cheddar, dairy
    offer Milk collection: milk collection, chilling, farmers
dairy fr
    names Laitière | Fromagerie | Fruitière | Lait
    does  collecte et transforme le lait de ses éleveurs
    does  affine des fromages au lait cru
    offer Comté et tomme: fromage, lait cru, AOP
    offer Beurre et crème: beurre, crème, lait
    offer Collecte de lait: lait, collecte, éleveurs
dairy es
    names Láctea | Lechería | Tambo | Quesería
    does  recoge y transforma la leche de sus ganaderos
    does  elabora quesos y yogures con leche local
    offer Leche fresca: leche, lácteos, fresca
    offer Quesos curados: queso, curado, oveja
    offer Dulce de leche: dulce de leche, lácteos
dairy it
    names Caseificio | Latteria | Latte
    does  raccoglie e trasforma il latte dei soci allevatori
    does  produce formaggi stagionati con latte locale
    offer Parmigiano Reggiano: formaggio, parmigiano, stagionato
    offer Latte fresco: latte, fresco, latticini
    offer Burro e ricotta: burro, ricotta, latte
dairy de
    names Molkerei | Milch | Käserei | Sennerei
    does  die Milch ihrer Bäuerinnen und Bauern verarbeitet
    does  Bergkäse aus Heumilch herstellt
    offer Heumilch: Milch, Heumilch, frisch
    offer Bergkäse: Käse, Bergkäse, Rohmilch
    offer Butter und Quark: Butter, Quark, Milch
dairy pt
    names Laticínios | Leite | Queijaria
    does  coleta e processa o leite dos produtores associados
    does  produz queijos e iogurtes com leite local
    offer Leite fresco: leite, laticínios, fresco
    offer Queijo minas: queijo, minas, artesanal
    offer Doce de leite: doce de leite, laticínios
taxi en
    names Taxis | Cabs | Drivers | Transport
    does  runs a driver-owned taxi and delivery service
    does  offers accessible taxis and airport transfers
    offer Airport transfers: taxi, airport, transfers
    offer Wheelchair accessible taxis: taxi, accessible, wheelchair
    offer Courier deliveries: courier, delivery, parcels
taxi fr
    names Taxis | Transport | Chauffeurs
    does  exploite un service de taxis détenu par ses chauffeurs
    does  assure le transport de personnes à mobilité réduite
    offer Transferts aéroport: taxi, aéroport, navette
    offer Transport adapté: taxi, PMR, adapté
    offer Livraison à vélo cargo: livraison, vélo cargo, colis
taxi es
    names Taxis | Transportes | Radiotaxi | Remises
    does  presta servicio de radiotaxi gestionado por sus conductores
    does  ofrece transporte adaptado y traslados
    offer Traslados al aeropuerto: taxi, aeropuerto, traslados
    offer Taxi adaptado: taxi, adaptado, silla de ruedas
    offer Mensajería urbana: mensajería, reparto, paquetes
taxi it
    names Taxi | Radiotaxi | Trasporti
    does  gestisce un servizio di radiotaxi dei tassisti soci
    does  offre trasporto disabili e navette
    offer Navetta aeroporto: taxi, aeroporto, navetta
    offer Taxi per disabili: taxi, disabili, accessibile
    offer Consegne in città: consegne, corriere, pacchi
taxi de
    names Taxi | Funktaxi | Fahrdienst
    does  einen Taxidienst in Fahrerhand betreibt
    does  barrierefreie Fahrten und Kurierdienste anbietet
    offer Flughafentransfer: Taxi, Flughafen, Transfer
    offer Rollstuhltaxi: Taxi, barrierefrei, Rollstuhl
    offer Lastenradkurier: Kurier, Lastenrad, Pakete
taxi pt
    names Táxis | Transportes | Mototáxi
    does  opera um serviço de táxi dos motoristas cooperados
    does  oferece transporte acessível e entregas
    offer Traslado ao aeroporto: táxi, aeroporto, traslado
    offer Táxi acessível: táxi, acessível, cadeirante
    offer Entregas por moto: entregas, motoboy, encomendas
books en
    names Bookshop | Books | Booksellers
    does  sells new and second-hand books and hosts readings
    does  runs a radical bookshop and café
    offer Book club: books, reading, club
    offer School book supply: books, schools, supply
    offer Author events: events, authors, readings
books fr
    names Librairie | Livres | Bouquinerie
    does  tient une librairie indépendante et organise des rencontres
    does  vend des livres neufs et d'occasion
    offer Club de lecture: livres, lecture, club
    offer Fournitures scolaires: livres, écoles, fournitures
    offer Rencontres d'auteurs: rencontres, auteurs, dédicaces
books es
    names Librería | Libros | Editorial
    does  gestiona una librería independiente con actividades culturales
    does  vende libros nuevos y de segunda mano
    offer Club de lectura: libros, lectura, club
    offer Libros de texto: libros, escuelas, texto
    offer Presentaciones de libros: presentaciones, autores, cultura
books it
    names Libreria | Libri | Editrice
    does  gestisce una libreria indipendente con eventi culturali
    does  vende libri nuovi e usati
    offer Gruppo di lettura: libri, lettura, gruppo
    offer Libri scolastici: libri, scuola, testi
    offer Presentazioni: presentazioni, autori, cultura
books de
    names Buchhandlung | Bücher | Buchladen
    does  eine unabhängige Buchhandlung mit Lesungen führt
    does  neue und gebrauchte Bücher verkauft
    offer Lesekreis: Bücher, Lesen, Kreis
    offer Schulbücher: Bücher, Schule, Lieferung
    offer Lesungen: Lesung, Autoren, Veranstaltungen
books pt
    names Livraria | Livros | Editora
    does  mantém uma livraria independente com eventos
    does  vende livros novos e usados
    offer Clube de leitura: livros, leitura, clube
    offer Livros didáticos: livros, escolas, didáticos
    offer Lançamentos: lançamentos, autores, cultura
care en
    names Care | Home Care | Carers | Support
    does  provides home care owned by carers and the people they support
    does  supports older and disabled people to live at home
    offer Home care visits: care, home care, elderly
    offer Respite care: respite, carers, support
    offer Befriending: befriending, loneliness, older people
care fr
    names Aide à domicile | Services à la personne | Soins | Entraide
    does  accompagne les personnes âgées et handicapées à domicile
    does  emploie des aides à domicile associées à la gouvernance
    offer Aide à domicile: aide, domicile, personnes âgées
    offer Accompagnement du handicap: handicap, accompagnement, autonomie
    offer Portage de repas: repas, portage, seniors
care es
    names Cuidados | Atención domiciliaria | Asistencia | Dependencia
    does  presta atención domiciliaria a personas mayores y dependientes
    does  ofrece cuidados gestionados por las trabajadoras
    offer Ayuda a domicilio: cuidados, domicilio, mayores
    offer Respiro familiar: respiro, familias, cuidadoras
    offer Acompañamiento: acompañamiento, soledad, mayores
care it
    names Assistenza | Servizi alla persona | Cura | Solidarietà
    does  offre assistenza domiciliare ad anziani e disabili
    does  gestisce servizi socio-sanitari e centri diurni
    offer Assistenza domiciliare: assistenza, domicilio, anziani
    offer Centro diurno: centro diurno, disabili, inclusione
    offer Inserimento lavorativo: inserimento lavorativo, inclusione, lavoro
care de
    names Pflege | Ambulante Pflege | Sozialdienst | Assistenz
    does  ältere und behinderte Menschen zu Hause begleitet
    does  ambulante Pflege in Selbstverwaltung anbietet
    offer Ambulante Pflege: Pflege, ambulant, Senioren
    offer Alltagsbegleitung: Begleitung, Alltag, Senioren
    offer Persönliche Assistenz: Assistenz, Behinderung, Inklusion
care pt
    names Cuidados | Cuidadores | Apoio
    does  presta cuidados domiciliares a idosos e pessoas com deficiência
    does  oferece serviços de cuidado geridos pelas cuidadoras
    offer Cuidado domiciliar: cuidados, domicílio, idosos
    offer Acompanhante hospitalar: acompanhante, hospital, cuidados
    offer Centro de convivência: convivência, idosos, atividades
software en
    names Software | Tech | Digital | Web
    does  builds open-source software and websites for social enterprises
    does  offers web development, hosting and data services
    offer Web development: web, development, Django
    offer Managed hosting: hosting, servers, cloud
    offer Data protection audits: data, GDPR, privacy
software fr
    names Logiciel | Numérique | Informatique | Web
    does  développe des logiciels libres pour l'économie sociale
    does  propose hébergement, développement web et formation
    offer Développement web: web, développement, logiciel libre
    offer Hébergement: hébergement, serveurs, cloud
    offer Formation au numérique: formation, numérique, accompagnement
software es
    names Software | Tecnología | Digital | Informática
    does  desarrolla software libre y servicios digitales para la economía social
    does  ofrece desarrollo web y alojamiento
    offer Desarrollo web: web, desarrollo, software libre
    offer Alojamiento web: alojamiento, servidores, nube
    offer Ciberseguridad: seguridad, auditoría, datos
software it
    names Software | Informatica | Digitale | Web
    does  sviluppa software libero per il terzo settore
    does  offre sviluppo web, hosting e consulenza digitale
    offer Sviluppo web: web, sviluppo, software libero
    offer Hosting: hosting, server, cloud
    offer Formazione digitale: formazione, digitale, competenze
software de
    names Software | IT | Digital | Web
    does  freie Software für die Sozialwirtschaft entwickelt
    does  Webentwicklung, Hosting und Datenschutzberatung anbietet
    offer Webentwicklung: Web, Entwicklung, Open Source
    offer Hosting: Hosting, Server, Cloud
    offer Datenschutzberatung: Datenschutz, DSGVO, Beratung
software pt
    names Software | Tecnologia | Digital | Informática
    does  desenvolve software livre para a economia solidária
    does  oferece desenvolvimento web e hospedagem
    offer Desenvolvimento web: web, desenvolvimento, software livre
    offer Hospedagem: hospedagem, servidores, nuvem
    offer Inclusão digital: inclusão digital, formação, tecnologia
brewery en
    names Brewery | Brewing | Ales | Cider
    does  brews real ale and craft beer
    does  makes cider from local orchards
    offer Cask ale: beer, ale, cask
    offer Brewery tours: tours, brewery, tasting
    offer Craft cider: cider, apples, craft
brewery fr
    names Brasserie | Bière | Cidrerie
    does  brasse des bières artisanales bio
    does  produit du cidre avec les vergers de la région
    offer Bières artisanales: bière, artisanale, bio
    offer Visites de la brasserie: visite, brasserie, dégustation
    offer Cidre fermier: cidre, pommes, fermier
brewery es
    names Cervecería | Cerveza | Sidrería
    does  elabora cerveza artesana
    does  produce sidra natural con manzana local
    offer Cerveza artesana: cerveza, artesana, lúpulo
    offer Visitas guiadas: visitas, cervecería, cata
    offer Sidra natural: sidra, manzana, natural
brewery it
    names Birrificio | Birra | Birreria
    does  produce birra artigianale
    does  gestisce un birrificio agricolo
    offer Birra artigianale: birra, artigianale, luppolo
    offer Degustazioni: degustazione, birrificio, visite
    offer Birra agricola: birra, orzo, agricola
brewery de
    names Brauerei | Bier | Bräu
    does  Bier nach altem Rezept braut
    does  eine Bürgerbrauerei mit Wirtshaus betreibt
    offer Helles und Dunkles: Bier, Helles, Dunkles
    offer Brauereiführungen: Führung, Brauerei, Verkostung
    offer Apfelwein: Apfelwein, Äpfel, Streuobst
brewery pt
    names Cervejaria | Cerveja
    does  produz cerveja artesanal
    does  mantém uma cervejaria artesanal com bar
    offer Cerveja artesanal: cerveja, artesanal, lúpulo
    offer Visitas guiadas: visitas, cervejaria, degustação
    offer Chope: chope, cerveja, eventos
credit en
    names Credit Union | Savings | Sacco | Mutual Bank
    does  offers savings accounts and fair loans to its members
    does  provides ethical savings and affordable credit
    offer Savings accounts: savings, accounts, finance
    offer Affordable loans: loans, credit, finance
    offer Mobile banking: mobile banking, payments
credit fr
    names Caisse | Crédit | Banque | Épargne
    does  propose épargne et crédit solidaires à ses sociétaires
    does  finance les projets de l'économie sociale
    offer Épargne solidaire: épargne, solidaire, placement
    offer Microcrédit: microcrédit, prêt, création d'entreprise
    offer Compte courant: compte, banque, paiement
credit es
    names Crédito | Caja | Ahorro | Banca ética
    does  ofrece ahorro y préstamos justos a sus socios
    does  financia proyectos de la economía social
    offer Cuenta de ahorro: ahorro, cuenta, finanzas
    offer Microcréditos: microcrédito, préstamo, emprendimiento
    offer Financiación de cooperativas: financiación, cooperativas, préstamos
credit it
    names Credito | Cassa | Banca | Risparmio
    does  offre risparmio e credito ai soci
    does  finanzia le imprese dell'economia sociale
    offer Conto di risparmio: risparmio, conto, finanza
    offer Microcredito: microcredito, prestito, impresa
    offer Mutui: mutuo, casa, prestito
credit de
    names Kredit | Bank | Spar- und Darlehenskasse | Sparkasse
    does  Spareinlagen und faire Kredite für ihre Mitglieder anbietet
    does  Projekte der Sozialwirtschaft finanziert
    offer Sparkonto: Sparen, Konto, Finanzen
    offer Mikrokredite: Mikrokredit, Darlehen, Gründung
    offer Girokonto: Konto, Bank, Zahlungen
credit pt
    names Crédito | Poupança | Sicredi | Banco
    does  oferece poupança e crédito justo aos associados
    does  financia a agricultura familiar e a economia solidária
    offer Conta poupança: poupança, conta, finanças
    offer Microcrédito: microcrédito, empréstimo, empreendedor
    offer Crédito rural: crédito rural, agricultura, financiamento
pub en
    names Pub | Inn | Café | Arms
    does  runs the village pub as a community hub
    does  serves food and drink in a community-owned café
    offer Real ale and food: pub, ale, food
    offer Function room: room hire, parties, events
    offer Quiz nights: quiz, music, events
pub fr
    names Café | Bistrot | Guinguette | Café associatif
    does  anime un café-bistrot au cœur du village
    does  sert une cuisine de saison dans un café participatif
    offer Repas du midi: restaurant, repas, saison
    offer Concerts: concerts, musique, soirées
    offer Location de salle: salle, location, fêtes
pub es
    names Bar | Café | Taberna | Comedor
    does  gestiona un bar y comedor social en el barrio
    does  ofrece menús caseros y actividades culturales
    offer Menú del día: menú, comida, casera
    offer Conciertos: conciertos, música, cultura
    offer Alquiler de espacio: espacio, alquiler, eventos
pub it
    names Osteria | Bar | Trattoria | Circolo
    does  gestisce il circolo e la trattoria del paese
    does  offre cucina del territorio ed eventi culturali
    offer Pranzo di lavoro: pranzo, cucina, territorio
    offer Serate musicali: musica, concerti, serate
    offer Sala per feste: sala, feste, eventi
pub de
    names Kneipe | Gasthaus | Café | Dorfladen
    does  das Dorfgasthaus als Treffpunkt betreibt
    does  ein Café mit Kulturprogramm führt
    offer Mittagstisch: Essen, Mittagstisch, regional
    offer Konzerte: Konzerte, Musik, Kultur
    offer Saalvermietung: Saal, Vermietung, Feiern
pub pt
    names Café | Bar | Restaurante | Tasca
    does  mantém um café e restaurante comunitário
    does  oferece comida caseira e eventos culturais
    offer Almoço caseiro: almoço, comida caseira, restaurante
    offer Rodas de samba: música, samba, eventos
    offer Aluguel de espaço: espaço, aluguel, festas
cycling en
    names Cycles | Bike Workshop | Bikes | Cycling
    does  repairs, sells and recycles bicycles
    does  teaches bike maintenance and runs cargo bike deliveries
    offer Bike repairs: bike, repair, servicing
    offer Refurbished bicycles: bikes, second-hand, recycled
    offer Cargo bike hire: cargo bike, hire, delivery
cycling fr
    names Vélo | Atelier vélo | Cycles
    does  répare, vend et recycle des vélos
    does  anime un atelier d'autoréparation de vélos
    offer Réparation de vélos: vélo, réparation, entretien
    offer Vélos d'occasion: vélo, occasion, réemploi
    offer Vélos cargo: vélo cargo, location, livraison
cycling es
    names Bicicletas | Taller de bicis | Ciclos
    does  repara, vende y recicla bicicletas
    does  ofrece talleres de mecánica de bicicletas
    offer Reparación de bicis: bicicleta, reparación, taller
    offer Bicis de segunda mano: bicicleta, segunda mano, reciclaje
    offer Mensajería en bici: mensajería, bicicleta, reparto
cycling it
    names Biciclette | Ciclofficina | Bici
    does  ripara, vende e ricicla biciclette
    does  gestisce una ciclofficina popolare
    offer Riparazione bici: bici, riparazione, officina
    offer Bici usate: bici, usato, riciclo
    offer Consegne in bici: consegne, bici, cargo
cycling de
    names Fahrrad | Radwerkstatt | Velo | Lastenrad
    does  Fahrräder repariert, verkauft und wiederverwertet
    does  eine Selbsthilfewerkstatt für Fahrräder betreibt
    offer Fahrradreparatur: Fahrrad, Reparatur, Werkstatt
    offer Gebrauchträder: Fahrrad, gebraucht, Recycling
    offer Lastenradverleih: Lastenrad, Verleih, Transport
cycling pt
    names Bicicletas | Oficina de bicicletas | Bike
    does  conserta, vende e recicla bicicletas
    does  oferece oficinas de mecânica de bicicleta
    offer Conserto de bicicletas: bicicleta, conserto, oficina
    offer Bicicletas usadas: bicicleta, usada, reciclagem
    offer Entregas de bike: entregas, bicicleta, cargueira
construction en
    names Builders | Construction | Joinery | Building
    does  renovates homes with natural and low-carbon materials
    does  does building, joinery and retrofit work
    offer Home retrofit: retrofit, insulation, building
    offer Joinery: joinery, carpentry, timber
    offer Roofing: roofing, repairs, slate
construction fr
    names Bâtiment | Construction | Menuiserie | Maçonnerie
    does  rénove des logements avec des matériaux biosourcés
    does  réalise des travaux de maçonnerie et de charpente
    offer Rénovation énergétique: rénovation, isolation, bâtiment
    offer Menuiserie: menuiserie, bois, charpente
    offer Couverture: toiture, couverture, réparation
construction es
    names Construcción | Obras | Carpintería | Albañilería
    does  rehabilita viviendas con materiales sostenibles
    does  realiza obras de construcción y carpintería
    offer Rehabilitación de viviendas: rehabilitación, aislamiento, obras
    offer Carpintería: carpintería, madera, muebles
    offer Reformas: reformas, albañilería, pintura
construction it
    names Costruzioni | Edilizia | Falegnameria | Muratori
    does  ristruttura edifici con materiali naturali
    does  realizza lavori edili e di carpenteria
    offer Ristrutturazioni: ristrutturazione, isolamento, edilizia
    offer Falegnameria: falegnameria, legno, mobili
    offer Coperture: tetti, coperture, riparazioni
construction de
    names Bau | Zimmerei | Schreinerei | Handwerk
    does  Häuser mit ökologischen Baustoffen saniert
    does  Zimmerei- und Schreinerarbeiten ausführt
    offer Energetische Sanierung: Sanierung, Dämmung, Bau
    offer Zimmerei: Zimmerei, Holz, Dachstuhl
    offer Innenausbau: Innenausbau, Trockenbau, Malerarbeiten
construction pt
    names Construção | Obras | Marcenaria | Mutirão
    does  constrói e reforma moradias populares
    does  realiza obras de construção e marcenaria
    offer Reformas: reformas, obras, pintura
    offer Marcenaria: marcenaria, madeira, móveis
    offer Construção em mutirão: mutirão, habitação, construção
fishing en
    names Fishermen | Fisheries | Fish | Seafood
    does  lands and sells fish caught by its members' boats
    does  runs a fish market and ice plant for inshore fishers
    offer Fresh fish: fish, fresh, seafood
    offer Shellfish: shellfish, crab, lobster
    offer Ice and cold storage: ice, cold storage, harbour
fishing fr
    names Pêcheurs | Pêche | Marée | Mareyage
    does  vend le poisson débarqué par les bateaux de ses membres
    does  gère la criée et l'avitaillement des pêcheurs
    offer Poisson frais: poisson, frais, criée
    offer Coquillages: coquillages, huîtres, moules
    offer Avitaillement: glace, carburant, port
fishing es
    names Pescadores | Pesca | Cofradía | Mariscadoras
    does  comercializa el pescado de sus embarcaciones
    does  gestiona la lonja y el hielo para la flota artesanal
    offer Pescado fresco: pescado, fresco, lonja
    offer Marisco: marisco, percebes, almejas
    offer Hielo y frío: hielo, cámara, puerto
fishing it
    names Pescatori | Pesca | Pescheria
    does  vende il pescato delle barche dei soci
    does  gestisce il mercato ittico del porto
    offer Pesce fresco: pesce, fresco, mercato ittico
    offer Molluschi: molluschi, cozze, vongole
    offer Ghiaccio: ghiaccio, celle frigorifere, porto
fishing de
    names Fischer | Fischerei | Fisch
    does  den Fang ihrer Kutter vermarktet
    does  Fischräucherei und Hofladen am Hafen betreibt
    offer Frischer Fisch: Fisch, frisch, Hafen
    offer Räucherfisch: Räucherfisch, Aal, Forelle
    offer Eis und Kühlung: Eis, Kühlhaus, Hafen
fishing pt
    names Pescadores | Pesca | Pescado | Colônia
    does  comercializa o pescado dos barcos associados
    does  mantém o entreposto de pesca artesanal
    offer Peixe fresco: peixe, fresco, pescado
    offer Mariscos: mariscos, camarão, caranguejo
    offer Gelo: gelo, câmara fria, porto
wine en
    names Vineyard | Wine | Winegrowers | Cellars
    does  makes and sells wine from its members' vineyards
    does  presses grapes and bottles wine for local growers
    offer Red and white wine: wine, red, white
    offer Cellar door tastings: tasting, wine, cellar
    offer Contract bottling: bottling, wine, growers
wine fr
    names Cave coopérative | Vignerons | Vins | Cave
    does  vinifie et commercialise les raisins de ses vignerons
    does  élève des vins d'appellation
    offer Vins rouges et rosés: vin, rouge, rosé
    offer Dégustation au caveau: dégustation, vin, caveau
    offer Vente en vrac: vin, vrac, cubi
wine es
    names Bodega | Vinos | Viticultores | Lagar
    does  elabora y vende el vino de sus viticultores
    does  produce vino con denominación de origen
    offer Vino tinto: vino, tinto, crianza
    offer Catas: cata, vino, bodega
    offer Aceite y vino a granel: vino, granel, aceite
wine it
    names Cantina | Vini | Viticoltori | Cantina sociale
    does  vinifica le uve dei soci viticoltori
    does  produce vini a denominazione di origine
    offer Lambrusco: vino, lambrusco, rosso
    offer Degustazioni in cantina: degustazione, vino, cantina
    offer Vino sfuso: vino, sfuso, damigiana
wine de
    names Winzer | Wein | Weinkeller | Winzergenossenschaft
    does  die Trauben ihrer Mitglieder zu Wein ausbaut
    does  Riesling und Spätburgunder erzeugt
    offer Riesling: Wein, Riesling, weiß
    offer Weinproben: Weinprobe, Wein, Keller
    offer Traubensaft: Traubensaft, alkoholfrei
wine pt
    names Adega | Vinhos | Vinicultores | Vinícola
    does  produz e comercializa o vinho dos seus associados
    does  elabora vinhos e espumantes da serra
    offer Vinho tinto: vinho, tinto, reserva
    offer Provas na adega: prova, vinho, adega
    offer Espumante: espumante, vinho, festas
coffee en
    names Coffee | Coffee Growers | Tea | Coffee Farmers
    does  processes and exports coffee grown by smallholders
    does  runs a coffee factory and pays members a fair price
    offer Green coffee: coffee, beans, export
    offer Roasted coffee: coffee, roasted, fair trade
    offer Tea leaf collection: tea, leaf, smallholders
coffee fr
    names Café | Torréfaction | Thé
    does  importe et torréfie du café paysan
    does  commercialise du café et du thé équitables
    offer Café en grains: café, grains, équitable
    offer Thé bio: thé, bio, équitable
    offer Torréfaction à façon: torréfaction, café, service
coffee es
    names Café | Caficultores | Yerba mate | Té
    does  acopia y exporta el café de pequeños productores
    does  elabora yerba mate de los colonos asociados
    offer Café de especialidad: café, especialidad, tostado
    offer Yerba mate: yerba, mate, orgánica
    offer Té negro: té, negro, hebras
coffee it
    names Caffè | Torrefazione | Tè
    does  importa e tosta caffè del commercio equo
    does  gestisce una torrefazione artigianale
    offer Caffè in grani: caffè, grani, equo
    offer Miscela per bar: caffè, miscela, bar
    offer Tè biologico: tè, biologico, equo
coffee de
    names Kaffee | Rösterei | Tee
    does  fair gehandelten Kaffee röstet
    does  Kaffee direkt von Kleinbauern importiert
    offer Röstkaffee: Kaffee, geröstet, fair
    offer Espresso: Espresso, Bohnen, Rösterei
    offer Tee: Tee, bio, fair
coffee pt
    names Café | Cafeicultores | Cafés especiais
    does  beneficia e exporta o café dos produtores associados
    does  torra cafés especiais da agricultura familiar
    offer Café especial: café, especial, torrado
    offer Café verde: café, verde, exportação
    offer Armazenagem de café: armazém, café, secagem
school en
    names School | Learning | Academy | College
    does  runs a school governed by parents, staff and pupils
    does  offers adult education and training courses
    offer Adult education courses: courses, adult education, training
    offer Co-op governance training: training, governance, co-operatives
    offer Tutoring: tutoring, homework, pupils
school fr
    names École | Formation | Éducation populaire | Savoirs
    does  propose des formations et de l'éducation populaire
    does  gère une école associant parents et enseignants
    offer Formations professionnelles: formation, métiers, adultes
    offer Formation à la coopération: formation, gouvernance, coopératives
    offer Soutien scolaire: soutien scolaire, devoirs, élèves
school es
    names Escuela | Enseñanza | Colegio | Formación
    does  gestiona un colegio cooperativo de familias y docentes
    does  ofrece formación para el empleo
    offer Formación profesional: formación, empleo, cursos
    offer Formación en cooperativismo: formación, cooperativismo, gobernanza
    offer Apoyo escolar: apoyo escolar, deberes, alumnos
school it
    names Scuola | Formazione | Istruzione
    does  gestisce una scuola paritaria di genitori e insegnanti
    does  offre corsi di formazione professionale
    offer Corsi di formazione: formazione, corsi, lavoro
    offer Doposcuola: doposcuola, compiti, studenti
    offer Educazione cooperativa: formazione, cooperazione, governance
school de
    names Schule | Bildung | Akademie | Lernwerkstatt
    does  eine freie Schule von Eltern und Lehrkräften trägt
    does  Weiterbildung und Kurse für Erwachsene anbietet
    offer Weiterbildung: Weiterbildung, Kurse, Erwachsene
    offer Genossenschaftsseminare: Seminar, Genossenschaft, Vorstand
    offer Nachhilfe: Nachhilfe, Schule, Hausaufgaben
school pt
    names Escola | Educação | Ensino | Formação
    does  mantém uma escola cooperativa de pais e professores
    does  oferece cursos de formação profissional
    offer Cursos profissionalizantes: cursos, formação, emprego
    offer Educação cooperativista: formação, cooperativismo, gestão
    offer Reforço escolar: reforço escolar, alunos, tarefas
health en
    names Health | Clinic | Pharmacy | Wellbeing
    does  runs a community health centre
    does  offers physiotherapy, counselling and primary care
    offer GP appointments: health, doctor, primary care
    offer Physiotherapy: physiotherapy, health, rehabilitation
    offer Counselling: counselling, mental health, therapy
health fr
    names Santé | Maison de santé | Pharmacie | Soins
    does  gère un centre de santé de quartier
    does  réunit médecins, infirmières et kinésithérapeutes
    offer Consultations: santé, médecin, consultations
    offer Kinésithérapie: kinésithérapie, rééducation, santé
    offer Santé mentale: santé mentale, écoute, psychologue
health es
    names Salud | Clínica | Farmacia | Sanitaria
    does  gestiona un centro de salud comunitario
    does  presta servicios médicos a sus socios
    offer Consultas médicas: salud, médico, consultas
    offer Fisioterapia: fisioterapia, rehabilitación, salud
    offer Salud mental: salud mental, psicología, terapia
health it
    names Salute | Sanità | Poliambulatorio | Farmacia
    does  gestisce un poliambulatorio di comunità
    does  offre servizi sanitari e fisioterapia
    offer Visite mediche: salute, medico, visite
    offer Fisioterapia: fisioterapia, riabilitazione, salute
    offer Supporto psicologico: psicologia, salute mentale, ascolto
health de
    names Gesundheit | Ärzte | Praxis | Apotheke
    does  ein Gesundheitszentrum im Stadtteil betreibt
    does  Physiotherapie und Beratung anbietet
    offer Hausarztpraxis: Gesundheit, Arzt, Praxis
    offer Physiotherapie: Physiotherapie, Reha, Gesundheit
    offer Psychologische Beratung: Beratung, Psychologie, Gesundheit
health pt
    names Saúde | Clínica | Unimed | Farmácia
    does  presta serviços médicos aos cooperados
    does  mantém uma clínica comunitária
    offer Consultas médicas: saúde, médico, consultas
    offer Fisioterapia: fisioterapia, reabilitação, saúde
    offer Plano de saúde: plano de saúde, cobertura, família
cleaning en
    names Cleaning | Cleaners | Facilities
    does  provides office and home cleaning with green products
    does  offers cleaning and caretaking services
    offer Office cleaning: cleaning, offices, eco
    offer Window cleaning: windows, cleaning
    offer End of tenancy cleaning: cleaning, tenancy, homes
cleaning fr
    names Nettoyage | Propreté | Entretien
    does  assure le nettoyage de bureaux avec des produits écologiques
    does  propose entretien et conciergerie
    offer Nettoyage de bureaux: nettoyage, bureaux, écologique
    offer Vitrerie: vitres, nettoyage
    offer Conciergerie: conciergerie, services, entreprises
cleaning es
    names Limpieza | Limpiezas | Mantenimiento
    does  presta servicios de limpieza con productos ecológicos
    does  ofrece limpieza y mantenimiento de edificios
    offer Limpieza de oficinas: limpieza, oficinas, ecológica
    offer Limpieza de cristales: cristales, limpieza
    offer Mantenimiento de comunidades: mantenimiento, comunidades, edificios
cleaning it
    names Pulizie | Servizi | Manutenzione
    does  offre pulizie civili e industriali
    does  gestisce servizi di pulizia e manutenzione del verde
    offer Pulizia uffici: pulizie, uffici, ecologiche
    offer Manutenzione del verde: verde, giardini, manutenzione
    offer Sanificazione: sanificazione, igiene, ambienti
cleaning de
    names Reinigung | Gebäudereinigung | Hausmeister
    does  Büros mit ökologischen Mitteln reinigt
    does  Gebäudereinigung und Hausmeisterdienste anbietet
    offer Büroreinigung: Reinigung, Büro, ökologisch
    offer Fensterreinigung: Fenster, Reinigung
    offer Hausmeisterdienst: Hausmeister, Gebäude, Service
cleaning pt
    names Limpeza | Serviços gerais | Conservação
    does  presta serviços de limpeza com produtos ecológicos
    does  oferece limpeza e conservação de prédios
    offer Limpeza de escritórios: limpeza, escritórios, ecológica
    offer Limpeza de vidros: vidros, limpeza
    offer Jardinagem: jardinagem, conservação, áreas verdes
printing en
    names Print | Press | Design | Printers
    does  prints leaflets, posters and books on recycled paper
    does  offers graphic design and risograph printing
    offer Risograph printing: print, risograph, posters
    offer Graphic design: design, branding, logos
    offer Book printing: books, printing, recycled paper
printing fr
    names Imprimerie | Graphisme | Atelier graphique | Édition
    does  imprime affiches et livres sur papier recyclé
    does  propose graphisme et communication
    offer Impression offset: impression, offset, papier recyclé
    offer Graphisme: graphisme, logo, identité visuelle
    offer Sérigraphie: sérigraphie, textile, affiches
printing es
    names Imprenta | Gráfica | Diseño | Artes gráficas
    does  imprime carteles, libros y revistas en papel reciclado
    does  ofrece diseño gráfico y comunicación
    offer Impresión offset: imprenta, offset, papel reciclado
    offer Diseño gráfico: diseño, logotipos, identidad
    offer Serigrafía: serigrafía, remeras, carteles
printing it
    names Tipografia | Grafica | Stamperia
    does  stampa libri e manifesti su carta riciclata
    does  offre grafica e comunicazione
    offer Stampa offset: stampa, offset, carta riciclata
    offer Grafica: grafica, logo, comunicazione
    offer Serigrafia: serigrafia, magliette, manifesti
printing de
    names Druckerei | Grafik | Druck | Satz
    does  Plakate und Bücher auf Recyclingpapier druckt
    does  Grafikdesign und Risodruck anbietet
    offer Offsetdruck: Druck, Offset, Recyclingpapier
    offer Grafikdesign: Grafik, Logo, Design
    offer Siebdruck: Siebdruck, Textil, Plakate
printing pt
    names Gráfica | Impressão | Design | Editora
    does  imprime cartazes e livros em papel reciclado
    does  oferece design gráfico e comunicação
    offer Impressão offset: gráfica, offset, papel reciclado
    offer Design gráfico: design, logotipo, identidade
    offer Serigrafia: serigrafia, camisetas, cartazes
media en
    names Media | Radio | News | Films
    does  publishes independent local news owned by its readers
    does  runs a community radio station
    offer Local news: news, journalism, local
    offer Community radio: radio, podcasts, community
    offer Video production: video, film, production
media fr
    names Médias | Radio | Journal | Presse
    does  édite un journal indépendant détenu par ses lecteurs
    does  anime une radio associative locale
    offer Journal local: journal, presse, local
    offer Radio associative: radio, podcasts, émissions
    offer Production vidéo: vidéo, film, documentaire
media es
    names Medios | Radio | Periódico | Comunicación
    does  edita un periódico independiente de sus lectores
    does  gestiona una radio comunitaria
    offer Periodismo local: periodismo, noticias, local
    offer Radio comunitaria: radio, pódcast, comunitaria
    offer Producción audiovisual: vídeo, cine, producción
media it
    names Editoriale | Radio | Giornale | Comunicazione
    does  pubblica un giornale indipendente dei lettori
    does  gestisce una radio di comunità
    offer Giornale locale: giornale, notizie, locale
    offer Radio di comunità: radio, podcast, comunità
    offer Produzione video: video, cinema, produzione
media de
    names Medien | Radio | Zeitung | Verlag
    does  eine unabhängige Zeitung im Besitz ihrer Leserschaft herausgibt
    does  ein freies Radio betreibt
    offer Lokaljournalismus: Journalismus, Zeitung, lokal
    offer Freies Radio: Radio, Podcast, Sendungen
    offer Videoproduktion: Video, Film, Produktion
media pt
    names Comunicação | Rádio | Jornal | Mídia
    does  publica um jornal independente dos seus leitores
    does  mantém uma rádio comunitária
    offer Jornalismo local: jornalismo, notícias, local
    offer Rádio comunitária: rádio, podcast, comunitária
    offer Produção audiovisual: vídeo, cinema, produção
forestry en
    names Woodland | Timber | Forestry | Woodfuel
    does  manages community woodland and sells firewood
    does  mills local timber for building
    offer Firewood: firewood, logs, woodfuel
    offer Sawn timber: timber, sawmill, wood
    offer Tree planting: trees, planting, woodland
forestry fr
    names Forestière | Bois | Forêt | Scierie
    does  gère des forêts et vend du bois de chauffage
    does  scie du bois local pour la construction
    offer Bois de chauffage: bois, chauffage, bûches
    offer Bois d'œuvre: bois, scierie, construction
    offer Travaux forestiers: forêt, débardage, plantation
forestry es
    names Forestal | Madera | Monte | Aserradero
    does  gestiona montes comunales y vende leña
    does  asierra madera local para construcción
    offer Leña: leña, madera, calefacción
    offer Madera aserrada: madera, aserradero, construcción
    offer Reforestación: árboles, reforestación, monte
forestry it
    names Forestale | Legno | Bosco | Segheria
    does  gestisce boschi e vende legna da ardere
    does  lavora legname locale per l'edilizia
    offer Legna da ardere: legna, ardere, bosco
    offer Legname: legno, segheria, edilizia
    offer Manutenzione boschi: bosco, manutenzione, alberi
forestry de
    names Forst | Holz | Wald | Sägewerk
    does  Gemeinschaftswald pflegt und Brennholz verkauft
    does  regionales Bauholz verarbeitet
    offer Brennholz: Brennholz, Holz, Heizen
    offer Bauholz: Holz, Sägewerk, Bau
    offer Waldpflege: Wald, Pflege, Aufforstung
forestry pt
    names Florestal | Madeira | Mata | Serraria
    does  maneja florestas comunitárias e vende lenha
    does  beneficia madeira certificada
    offer Lenha: lenha, madeira, aquecimento
    offer Madeira serrada: madeira, serraria, construção
    offer Reflorestamento: árvores, reflorestamento, mudas
crafts en
    names Crafts | Makers | Textiles | Weavers | Pottery
    does  sells crafts, textiles and pottery made by its members
    does  runs a shared workshop for makers
    offer Handwoven textiles: textiles, weaving, handmade
    offer Pottery: pottery, ceramics, handmade
    offer Workshop space: workshop, makers, space
crafts fr
    names Artisans | Artisanat | Textile | Tissage | Poterie
    does  vend l'artisanat et les textiles de ses membres
    does  met un atelier partagé à disposition des artisans
    offer Textiles tissés main: textile, tissage, fait main
    offer Céramique: céramique, poterie, fait main
    offer Atelier partagé: atelier, artisans, espace
crafts es
    names Artesanos | Artesanía | Textil | Tejedoras | Alfarería
    does  comercializa artesanías y tejidos de sus socias
    does  gestiona un taller compartido de artesanos
    offer Tejidos artesanales: textil, tejido, artesanal
    offer Cerámica: cerámica, alfarería, artesanal
    offer Taller compartido: taller, artesanos, espacio
crafts it
    names Artigiani | Artigianato | Tessile | Ceramica
    does  vende l'artigianato e i tessuti dei soci
    does  gestisce un laboratorio condiviso per artigiani
    offer Tessuti a mano: tessile, telaio, fatto a mano
    offer Ceramiche: ceramica, terracotta, fatto a mano
    offer Laboratorio condiviso: laboratorio, artigiani, spazio
crafts de
    names Handwerk | Kunsthandwerk | Textil | Weberei | Töpferei
    does  Kunsthandwerk und Textilien ihrer Mitglieder verkauft
    does  eine offene Werkstatt betreibt
    offer Handgewebtes: Textil, Weberei, handgemacht
    offer Keramik: Keramik, Töpferei, handgemacht
    offer Offene Werkstatt: Werkstatt, Handwerk, Raum
crafts pt
    names Artesãos | Artesanato | Têxtil | Rendeiras | Cerâmica
    does  comercializa o artesanato e os tecidos das associadas
    does  mantém uma oficina compartilhada de artesãos
    offer Tecidos artesanais: têxtil, tecelagem, artesanal
    offer Cerâmica: cerâmica, barro, artesanal
    offer Renda de bilro: renda, bilro, artesanato
tourism en
    names Hostel | Tourism | Holidays | Travel
    does  runs a hostel and guided walks
    does  offers responsible tourism and local tours
    offer Hostel beds: hostel, accommodation, beds
    offer Guided walks: walks, guides, tours
    offer Group holidays: holidays, groups, travel
tourism fr
    names Tourisme | Gîte | Voyages | Auberge
    does  gère un gîte et propose des randonnées
    does  organise des séjours de tourisme solidaire
    offer Hébergement en gîte: gîte, hébergement, nuitées
    offer Randonnées accompagnées: randonnée, guide, nature
    offer Séjours de groupe: séjours, groupes, voyages
tourism es
    names Turismo | Albergue | Viajes | Casa rural
    does  gestiona un albergue y rutas guiadas
    does  ofrece turismo rural comunitario
    offer Alojamiento rural: albergue, alojamiento, rural
    offer Rutas guiadas: rutas, guías, senderismo
    offer Viajes en grupo: viajes, grupos, turismo
tourism it
    names Turismo | Ostello | Viaggi | Agriturismo
    does  gestisce un ostello ed escursioni guidate
    does  promuove il turismo responsabile
    offer Ostello: ostello, ospitalità, posti letto
    offer Escursioni guidate: escursioni, guide, trekking
    offer Viaggi di gruppo: viaggi, gruppi, turismo
tourism de
    names Tourismus | Herberge | Reisen | Ferienhof
    does  eine Jugendherberge und geführte Wanderungen anbietet
    does  sanften Tourismus in der Region organisiert
    offer Übernachtungen: Herberge, Übernachtung, Betten
    offer Geführte Wanderungen: Wandern, Führung, Natur
    offer Gruppenreisen: Reisen, Gruppen, Tourismus
tourism pt
    names Turismo | Pousada | Viagens | Turismo de base comunitária
    does  mantém uma pousada e trilhas guiadas
    does  oferece turismo de base comunitária
    offer Hospedagem: pousada, hospedagem, quartos
    offer Trilhas guiadas: trilhas, guias, ecoturismo
    offer Viagens em grupo: viagens, grupos, turismo
insurance en
    names Mutual Insurance | Insurance | Assurance | Friendly Society
    does  insures homes, farms and vehicles for its members
    does  offers mutual health and life cover
    offer Home insurance: insurance, home, cover
    offer Farm insurance: insurance, farm, livestock
    offer Funeral plans: funeral, plans, cover
insurance fr
    names Mutuelle | Assurance | Prévoyance
    does  assure les logements et les véhicules de ses sociétaires
    does  propose une complémentaire santé mutualiste
    offer Assurance habitation: assurance, habitation, logement
    offer Complémentaire santé: mutuelle, santé, complémentaire
    offer Prévoyance: prévoyance, décès, invalidité
insurance es
    names Seguros | Mutual | Mutualidad | Previsión
    does  asegura hogares, cosechas y vehículos de sus socios
    does  ofrece coberturas de salud mutualistas
    offer Seguro de hogar: seguro, hogar, cobertura
    offer Seguro agrario: seguro, cosecha, granizo
    offer Servicio de sepelio: sepelio, previsión, familia
insurance it
    names Mutua | Assicurazioni | Mutuo soccorso
    does  assicura casa, auto e attività dei soci
    does  offre assistenza sanitaria integrativa
    offer Polizza casa: assicurazione, casa, polizza
    offer Sanità integrativa: mutua, sanità, rimborsi
    offer Polizza agricola: assicurazione, grandine, raccolto
insurance de
    names Versicherung | Versicherungsverein | Hilfskasse
    does  Häuser, Höfe und Fahrzeuge ihrer Mitglieder versichert
    does  eine solidarische Krankenversicherung anbietet
    offer Hausratversicherung: Versicherung, Hausrat, Wohnung
    offer Hagelversicherung: Versicherung, Hagel, Ernte
    offer Sterbekasse: Sterbekasse, Vorsorge
insurance pt
    names Seguros | Mútua | Previdência
    does  segura casas, lavouras e veículos dos associados
    does  oferece previdência e seguro de vida
    offer Seguro residencial: seguro, casa, cobertura
    offer Seguro agrícola: seguro, lavoura, safra
    offer Plano funeral: funeral, previdência, família
childcare en
    names Childcare | Nursery | Playgroup | Kids
    does  runs a parent-led nursery and playgroup
    does  provides childcare and after-school clubs
    offer Nursery places: nursery, childcare, early years
    offer After-school club: after-school, children, club
    offer Holiday play scheme: holidays, play, children
childcare fr
    names Crèche | Petite enfance | Halte-garderie | Enfance
    does  gère une crèche parentale
    does  accueille les enfants en crèche et au centre de loisirs
    offer Accueil en crèche: crèche, petite enfance, accueil
    offer Centre de loisirs: loisirs, enfants, vacances
    offer Accueil périscolaire: périscolaire, enfants, école
childcare es
    names Guardería | Escuela infantil | Infancia | Jardín maternal
    does  gestiona una escuela infantil de familias
    does  ofrece cuidado infantil y ludoteca
    offer Plazas de escuela infantil: escuela infantil, niños, cuidado
    offer Ludoteca: ludoteca, juegos, niños
    offer Campamentos de verano: campamento, verano, niños
childcare it
    names Asilo nido | Infanzia | Ludoteca | Bambini
    does  gestisce un asilo nido e una ludoteca
    does  offre servizi educativi per la prima infanzia
    offer Asilo nido: nido, infanzia, bambini
    offer Centri estivi: centro estivo, bambini, vacanze
    offer Ludoteca: ludoteca, gioco, bambini
childcare de
    names Kita | Kinderbetreuung | Kinderladen | Kinder
    does  eine Elterninitiative-Kita betreibt
    does  Kinderbetreuung und Ferienprogramme anbietet
    offer Krippenplätze: Kita, Krippe, Betreuung
    offer Hortbetreuung: Hort, Schulkinder, Betreuung
    offer Ferienfreizeit: Ferien, Kinder, Freizeit
childcare pt
    names Creche | Infância | Educação infantil | Crianças
    does  mantém uma creche comunitária
    does  oferece educação infantil e contraturno escolar
    offer Vagas na creche: creche, infância, crianças
    offer Contraturno escolar: contraturno, crianças, escola
    offer Colônia de férias: férias, crianças, lazer
recycling en
    names Recycling | Reuse | Repair Café | Waste
    does  collects, repairs and resells furniture and electronics
    does  runs a repair café and reuse shop
    offer Furniture reuse: furniture, second-hand, reuse
    offer Electronics repair: repair, electronics, laptops
    offer Waste collection: waste, recycling, collection
recycling fr
    names Recyclerie | Ressourcerie | Réemploi | Récup
    does  collecte, répare et revend meubles et électroménager
    does  anime un repair café et une boutique de réemploi
    offer Meubles d'occasion: meubles, occasion, réemploi
    offer Réparation d'électroménager: réparation, électroménager, informatique
    offer Collecte d'encombrants: collecte, déchets, recyclage
recycling es
    names Reciclaje | Reutilización | Cartoneros | Recuperadores
    does  recoge y recicla cartón, plástico y metales
    does  repara y revende muebles y electrodomésticos
    offer Recolección de reciclables: reciclaje, cartón, recolección
    offer Muebles de segunda mano: muebles, segunda mano, reutilización
    offer Reparación de electrodomésticos: reparación, electrodomésticos, informática
recycling it
    names Riciclo | Riuso | Recupero | Mercatino
    does  raccoglie, ripara e rivende mobili ed elettrodomestici
    does  gestisce la raccolta differenziata
    offer Mobili usati: mobili, usato, riuso
    offer Riparazioni: riparazione, elettrodomestici, computer
    offer Raccolta differenziata: rifiuti, raccolta, riciclo
recycling de
    names Recycling | Reparatur | Gebrauchtwaren | Kaufhaus
    does  Möbel und Elektrogeräte sammelt, repariert und weiterverkauft
    does  ein Repair-Café und einen Secondhand-Laden betreibt
    offer Gebrauchtmöbel: Möbel, gebraucht, Secondhand
    offer Reparaturen: Reparatur, Elektrogeräte, Computer
    offer Sperrmüllabholung: Abholung, Sperrmüll, Recycling
recycling pt
    names Reciclagem | Catadores | Reaproveitamento
    does  coleta e recicla papelão, plástico e metal
    does  reforma e revende móveis e eletrodomésticos
    offer Coleta seletiva: reciclagem, coleta seletiva, catadores
    offer Móveis usados: móveis, usados, reaproveitamento
    offer Conserto de eletrônicos: conserto, eletrônicos, informática
water en
    names Water | Irrigation | Utilities | Electric
    does  supplies drinking water and sanitation to its members
    does  runs an irrigation scheme for member farmers
    offer Drinking water supply: water, supply, sanitation
    offer Irrigation: irrigation, water, farms
    offer Rural electricity: electricity, rural, grid
water fr
    names Eau | Irrigation | Électricité | Services publics
    does  gère un réseau d'eau potable coopératif
    does  distribue l'eau d'irrigation à ses adhérents
    offer Eau potable: eau, réseau, assainissement
    offer Irrigation: irrigation, eau, agriculture
    offer Électricité rurale: électricité, réseau, rural
water es
    names Agua | Servicios Públicos | Riego | Eléctrica
    does  presta los servicios de agua potable, electricidad e internet
    does  gestiona la red de riego de sus regantes
    offer Agua potable: agua, red, saneamiento
    offer Electricidad: electricidad, red, distribución
    offer Internet y telefonía: internet, fibra, telefonía
water it
    names Acqua | Irrigazione | Elettrica | Consorzio irriguo
    does  gestisce l'acquedotto e la rete elettrica locale
    does  distribuisce acqua irrigua ai soci
    offer Acqua potabile: acqua, acquedotto, rete
    offer Irrigazione: irrigazione, acqua, agricoltura
    offer Distribuzione elettrica: elettricità, rete, distribuzione
water de
    names Wasser | Wasserversorgung | Elektrizität | Stadtwerk
    does  die Wasserversorgung des Dorfes betreibt
    does  ein eigenes Stromnetz unterhält
    offer Trinkwasser: Wasser, Versorgung, Netz
    offer Nahwärme: Nahwärme, Heizung, Netz
    offer Stromnetz: Strom, Netz, Verteilung
water pt
    names Água | Eletrificação | Irrigação | Saneamento
    does  fornece água e energia elétrica aos associados
    does  mantém a rede de irrigação dos produtores
    offer Água potável: água, abastecimento, saneamento
    offer Eletrificação rural: energia, eletrificação, rural
    offer Irrigação: irrigação, água, lavoura
"""

TRADES: dict[str, Trade] = _trades(TRADE_CODES, TRADE_TEXT)

# Trades more common in a country than the world average (a multiplier on the weight).
COUNTRY_TRADE_BOOST: dict[str, dict[str, float]] = {
    "GB": {"pub": 3, "housing": 2, "energy": 2, "grocery": 1.5},
    "FR": {"wine": 2.5, "farming": 1.5, "software": 1.5, "construction": 1.5},
    "ES": {"farming": 2, "wine": 2, "school": 2, "construction": 1.5},
    "CA": {"housing": 2, "credit": 2, "grocery": 1.5, "forestry": 2},
    "IT": {"care": 3, "wine": 2, "dairy": 2, "cleaning": 2},
    "DE": {"housing": 4, "energy": 3, "credit": 2},
    "AR": {"water": 4, "farming": 2, "recycling": 2, "coffee": 1.5},
    "BR": {"coffee": 3, "farming": 2, "credit": 2, "health": 2, "recycling": 2},
    "KE": {"credit": 5, "dairy": 4, "coffee": 4, "farming": 2},
    "IN": {"dairy": 4, "credit": 3, "housing": 3, "farming": 2},
    "PT": {"wine": 3, "farming": 2},
    "US": {"grocery": 3, "water": 2, "credit": 2, "energy": 1.5},
}

# Name words of a trade that only fit some countries; elsewhere they are skipped.
COUNTRY_ONLY_WORDS: dict[str, tuple[str, ...]] = {
    "Sacco": ("KE",),
    "Unimed": ("BR",),
    "Sicredi": ("BR",),
    "Tambo": ("AR",),
    "Remises": ("AR",),
    "Yerba mate": ("AR",),
    "Konsum": ("DE",),
    "Mutirão": ("BR",),
    "Colônia": ("BR",),
    "Cartoneros": ("AR",),
    "Arms": ("GB",),
}

# How the members own it, by ESSGlobal membership type.
OWNERSHIP: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "BMT10": ("consumer-owned", "member-owned", "customer-owned"),
        "BMT20": ("producer-owned", "farmer-owned", "growers'"),
        "BMT30": ("worker-owned", "employee-owned", "workers'"),
        "BMT40": ("multi-stakeholder", "community-owned"),
        "BMT50": ("resident-owned", "tenant-led"),
        "BMT60": ("community", "member-led"),
        "": ("member-owned",),
    },
    "fr": {
        "BMT10": ("de consommateurs", "d'usagers"),
        "BMT20": ("de producteurs", "d'agriculteurs"),
        "BMT30": ("de travailleurs", "ouvrière", "de salariés"),
        "BMT40": ("d'intérêt collectif", "multisociétaires"),
        "BMT50": ("d'habitants", "de locataires"),
        "BMT60": ("citoyenne",),
        "": ("citoyenne",),
    },
    "es": {
        "BMT10": ("de consumo", "de consumidores y usuarios"),
        "BMT20": ("de productores", "de agricultores"),
        "BMT30": ("de trabajo asociado", "de trabajo"),
        "BMT40": ("integral", "multiactiva"),
        "BMT50": ("de vecinos", "de vivienda"),
        "BMT60": ("comunitaria",),
        "": ("comunitaria",),
    },
    "it": {
        "BMT10": ("di consumo", "di utenti"),
        "BMT20": ("di produttori", "agricola"),
        "BMT30": ("di lavoro", "di produzione e lavoro"),
        "BMT40": ("di comunità", "multistakeholder"),
        "BMT50": ("di abitanti", "edilizia"),
        "BMT60": ("sociale",),
        "": ("sociale",),
    },
    "de": {
        "BMT10": ("verbrauchergetragene", "von ihren Kundinnen und Kunden getragene"),
        "BMT20": ("von Erzeugern getragene", "bäuerliche"),
        "BMT30": ("mitarbeitergeführte", "selbstverwaltete"),
        "BMT40": ("gemeinschaftlich getragene", "bürgerschaftliche"),
        "BMT50": ("von Bewohnern getragene", "mieterverwaltete"),
        "BMT60": ("gemeinnützige",),
        "": ("gemeinnützige",),
    },
    "pt": {
        "BMT10": ("de consumo", "de usuários"),
        "BMT20": ("de produtores", "de agricultores familiares"),
        "BMT30": ("de trabalho", "de trabalhadores"),
        "BMT40": ("de múltiplas partes", "social"),
        "BMT50": ("de moradores", "habitacional"),
        "BMT60": ("comunitária",),
        "": ("comunitária",),
    },
}

# (pattern, weight). {trade} a name word, {place} the town, {distinct} a distinctive word.
NAME_PATTERNS: dict[str, tuple[tuple[str, float], ...]] = {
    "en": (
        ("{place} {trade} Co-operative", 4),
        ("{distinct} {trade} Co-op", 4),
        ("{distinct} {trade}", 3),
        ("{adj} {trade} Co-operative", 2),
        ("The {distinct} Co-operative", 2),
        ("{place} Community {trade}", 1),
        ("{distinct} {trade} Co-operative Society", 1),
    ),
    "fr": (
        ("{trade} coopérative de {place}", 3),
        ("Coopérative {distinct}", 3),
        ("SCOP {distinct}", 2),
        ("{distinct} - {trade}", 2),
        ("{trade} {adj} {distinct}", 1),
        ("Coop {trade} {place}", 1),
    ),
    "es": (
        ("Cooperativa de Trabajo {distinct}", 2),
        ("{trade} Cooperativa {distinct}", 3),
        ("Cooperativa {trade} {distinct}", 3),
        ("{trade} {distinct} S. Coop.", 1),
        ("Cooperativa {trade} de {place}", 2),
        ("{trade} {adj} {distinct}", 1),
    ),
    "it": (
        ("Cooperativa {distinct}", 3),
        ("{trade} {distinct} Soc. Coop.", 3),
        ("Coop {trade} {place}", 2),
        ("Cooperativa Sociale {distinct}", 1),
        ("{distinct} Società Cooperativa", 2),
        ("{trade} {adj} {distinct}", 1),
    ),
    "de": (
        ("{trade} {distinct} eG", 3),
        ("{distinct} eG", 2),
        ("{trade} {place} eG", 3),
        ("Genossenschaft {distinct}", 2),
        ("{trade}genossenschaft {place}", 1),
        ("Bio-{trade} {distinct}", 1),
    ),
    "pt": (
        ("Cooperativa {trade} {distinct}", 3),
        ("Cooperativa de {trade} de {place}", 2),
        ("Coop {distinct}", 2),
        ("{trade} Cooperativa {distinct}", 2),
        ("{distinct} Cooperativa", 1),
        ("Cooperativa {trade} {adj} {distinct}", 1),
    ),
}

# First sentence: {own} ownership, {does} what it does, {place} the town.
FIRST_SENTENCES: dict[str, tuple[str, ...]] = {
    "en": (
        "A {own} co-operative that {does} in {place}.",
        "Based in {place}, this {own} co-operative {does}.",
        "We are a {own} co-op in {place}: our co-operative {does}.",
    ),
    "fr": (
        "Coopérative {own} qui {does} à {place}.",
        "Basée à {place}, notre coopérative {own} {does}.",
        "Installée à {place}, la coopérative {does}.",
    ),
    "es": (
        "Cooperativa {own} que {does} en {place}.",
        "Con sede en {place}, somos una cooperativa {own} que {does}.",
        "Desde {place}, nuestra cooperativa {does}.",
    ),
    "it": (
        "Cooperativa {own} che {does} a {place}.",
        "Con sede a {place}, la nostra cooperativa {own} {does}.",
        "Da {place}, la cooperativa {does}.",
    ),
    "de": (
        "Eine {own} Genossenschaft in {place}, die {does}.",
        "Wir sind eine Genossenschaft aus {place}, die {does}.",
        "Die {own} Genossenschaft in {place}, die {does}.",
    ),
    "pt": (
        "Cooperativa {own} que {does} em {place}.",
        "Com sede em {place}, somos uma cooperativa {own} que {does}.",
        "Desde {place}, nossa cooperativa {does}.",
    ),
}

# Further sentences: {year}, {members}, {place}, {region}, {adj}.
MORE_SENTENCES: dict[str, tuple[str, ...]] = {
    "en": (
        "Founded in {year}, we now have {members} members.",
        "Every member has one vote, and surpluses are shared fairly.",
        "We work with {adj} suppliers across {region}.",
        "Our {adj} team serves {place} and the surrounding villages.",
        "We belong to the {region} co-operative network.",
        "New members are welcome; a share costs less than a meal out.",
        "Profits are reinvested in the community and in training.",
        "We have been a living wage employer since {year}.",
    ),
    "fr": (
        "Fondée en {year}, la coopérative compte aujourd'hui {members} sociétaires.",
        "Chaque membre dispose d'une voix et les excédents sont réinvestis.",
        "Nous travaillons avec des fournisseurs {adj} de la région {region}.",
        "Notre équipe accueille les habitants de {place} et des environs.",
        "Membre du réseau des coopératives {region}.",
        "Les nouveaux sociétaires sont les bienvenus.",
        "Les bénéfices financent la formation et des projets locaux.",
        "Entreprise de l'économie sociale et solidaire depuis {year}.",
    ),
    "es": (
        "Fundada en {year}, hoy somos {members} socias y socios.",
        "Cada socio tiene un voto y los excedentes se reparten de forma justa.",
        "Trabajamos con proveedores {adj} de {region}.",
        "Nuestro equipo atiende a {place} y los pueblos de alrededor.",
        "Formamos parte de la federación de cooperativas de {region}.",
        "Las nuevas socias son bienvenidas.",
        "Los excedentes se reinvierten en formación y en el barrio.",
        "Somos parte de la economía social y solidaria desde {year}.",
    ),
    "it": (
        "Fondata nel {year}, oggi conta {members} soci.",
        "Ogni socio ha un voto e gli utili sono reinvestiti.",
        "Lavoriamo con fornitori {adj} della regione {region}.",
        "Il nostro gruppo serve {place} e i comuni vicini.",
        "Aderiamo alla rete delle cooperative della regione {region}.",
        "I nuovi soci sono benvenuti.",
        "Gli utili finanziano la formazione e progetti del territorio.",
        "Impresa dell'economia sociale dal {year}.",
    ),
    "de": (
        "Gegründet {year}, zählen wir heute {members} Mitglieder.",
        "Jedes Mitglied hat eine Stimme, Überschüsse werden fair verteilt.",
        "Wir arbeiten mit {adj} Lieferanten aus {region} zusammen.",
        "Unser Team ist für {place} und das Umland da.",
        "Wir sind Mitglied im Genossenschaftsverband {region}.",
        "Neue Mitglieder sind willkommen.",
        "Gewinne fließen in Ausbildung und Projekte vor Ort.",
        "Seit {year} gehören wir zur solidarischen Ökonomie.",
    ),
    "pt": (
        "Fundada em {year}, hoje reunimos {members} cooperados.",
        "Cada cooperado tem um voto e as sobras são divididas de forma justa.",
        "Trabalhamos com fornecedores {adj} de {region}.",
        "Nossa equipe atende {place} e as cidades vizinhas.",
        "Somos filiados à organização das cooperativas de {region}.",
        "Novos cooperados são bem-vindos.",
        "As sobras são reinvestidas em formação e na comunidade.",
        "Fazemos parte da economia solidária desde {year}.",
    ),
}

# Adjectives, most common first (sampled Zipf-like). French, Spanish, Italian and Portuguese
# ones fit both genders or follow a feminine noun ("coopérative", "cooperativa"); German ones
# follow an article ("mit regionalen Lieferanten").
ADJECTIVES = _word_lists("""
en: local, organic, independent, sustainable, fair, green, friendly, ethical, small, democratic,
    creative, rural, renewable, traditional, affordable, innovative, radical, neighbourly,
    seasonal, thriving, resilient, humble, bold, pioneering, convivial
fr: solidaire, durable, écologique, éthique, équitable, autonome, libre, populaire, responsable,
    rurale, locale, citoyenne, paysanne, vivante, artisanale, joyeuse, sobre, militante,
    conviviale, créative
es: solidaria, sostenible, ecológica, local, justa, popular, libre, rural, artesana,
    comunitaria, feminista, autogestionada, creativa, alegre, resiliente, campesina, vecinal,
    abierta
it: solidale, sostenibile, biologica, locale, equa, popolare, libera, rurale, artigiana,
    sociale, creativa, aperta, contadina, resiliente, felice, montana, virtuosa
de: regionalen, ökologischen, fairen, unabhängigen, solidarischen, nachhaltigen, kleinen,
    bäuerlichen, kreativen, freien, lokalen, handwerklichen
pt: solidária, sustentável, ecológica, local, justa, popular, livre, rural, artesanal,
    comunitária, criativa, agroecológica, feminista, resiliente, alegre, quilombola
""")

# Words co-operatives are named after, most common first.
DISTINCT = _word_lists("""
en: Riverside, Unity, Harvest, Oak, Phoenix, Sunflower, Hope, Greenfield, Meadow, Acorn,
    Rainbow, Beacon, Hillside, Lighthouse, Willow, Kingfisher, Heather, Cornerstone, Fairshare,
    Seedling, Orchard, Thistle, Lantern, Open Door, Wildflower, Bramble, Compass, Keystone,
    Hearth, Ploughshare, Granary, Millstone, Rochdale Pioneers, Tidewater, Northern Lights,
    Skylark, Hawthorn, Bluebell, Commonwealth, Redwood, Holyoake, Owenite, Equity, Mutual Aid,
    Otter, Larch, Fennel, Heron
fr: La Ruche, Le Grain, L'Olivier, Le Chêne, La Source, Le Moulin, Les Coquelicots, La Clé des
    Champs, L'Hirondelle, Le Fournil, La Cigale, L'Atelier, Les Lilas, Le Colibri, La Traverse,
    L'Escargot, Les Mouettes, La Boussole, L'Archipel, Le Phare, Le Semeur, La Luciole, La
    Fourmilière, Les Tilleuls, L'Étoile, Le Chaudron, La Passerelle, Le Grenier, La Fabrique,
    Les Communs, Le Pressoir, La Solidaire, L'Alternative, Jean Jaurès, Charles Gide, Louise
    Michel, La Belle Équipe, Le Tamis, La Mandragore
es: La Minga, El Sol, La Esperanza, El Ceibo, La Unión, El Olivo, La Colmena, El Horizonte, La
    Semilla, Los Andes, El Molino, La Amistad, El Puente, La Huerta, El Hornero, La Estrella, El
    Quebracho, La Brújula, La Comuna, El Faro, La Fragua, El Algarrobo, La Tierra, El Jacarandá,
    La Ortiga, El Telar, La Lucha, Nueva Aurora, San Isidro, Arizmendiarrieta, La Fraternal, El
    Progreso, La Alborada, El Zorzal, Mujeres Unidas, Kuña
it: Il Girasole, La Quercia, L'Aurora, Il Melograno, La Rondine, Il Ponte, La Lanterna, Il
    Mulino, La Fenice, Il Seme, La Bottega, L'Alveare, Il Faro, La Cicala, La Collina, Il
    Granaio, La Fonte, La Stella, Il Tiglio, La Vela, Il Castagno, La Lucciola, L'Orto, Il
    Cerchio, La Rete, Il Sentiero, Arcobaleno, Don Milani, Garibaldi, Mazzini, Il Seminatore, La
    Fratellanza, Progresso, Il Pellicano
de: Sonnenblume, Eiche, Morgenrot, Linde, Lichtblick, Brücke, Kornblume, Leuchtturm, Zukunft,
    Weitblick, Bienenkorb, Mühle, Regenbogen, Wurzelwerk, Löwenzahn, Kompass, Feldlerche,
    Raiffeisen, Schulze-Delitzsch, Freiraum, Gemeinsinn, Heimat, Hoffnung, Einigkeit, Kiebitz,
    Ahorn, Holunder, Rotkehlchen, Sternschnuppe, Vorwärts, Wegwarte
pt: Girassol, Ipê, Esperança, Sabiá, União, Aurora, Jequitibá, Mandacaru, Semente, Colmeia,
    Farol, Horizonte, Estrela, Raízes, Caju, Bem-te-vi, Araucária, Terra Viva, Boa Esperança,
    Nova Vida, Paulo Freire, Chico Mendes, Mãos Dadas, Bodoque, Juriti, Quilombo, Primavera,
    Tupã, Vitória Régia, Cerrado
""")

# Extra distinctive words for some countries whose names are in English.
COUNTRY_DISTINCT = _word_lists("""
KE: Harambee, Umoja, Amani, Baraka, Jamii, Tujenge, Ushirika, Mwangaza, Upendo, Neema, Mwalimu,
    Wakulima, Jitegemee, Stima, Tembo, Nyati
IN: Amrut, Sahakar, Shakti, Jyoti, Lakshmi, Ganga, Kisan, Navjeevan, Pragati, Sahyadri, Vikas,
    Ekta, Annapurna, Prerana, Samruddhi, Uttam, Kamdhenu, Mahila
CA: Maple, Northern, Prairie, Laurentian, Moses Coady, Tamarack, Loon
US: Liberty, Prairie, Frontier, Freedom, Cardinal, Bison, Cooperation
""")

# Beginnings and ends of made-up place-like names (hamlets, brands), per language.
NAME_STARTS = _word_lists("""
en: Ash, Bram, Elm, Hol, Stan, Wy, Cal, Mar, Thorn, Kel, Brook, Ald, Crans, Dun, Fen, Lang
fr: Beau, Mont, Val, Ro, Chan, Ver, Sau, Bel, Fon, Char, Lan, Pey, Cas, Mar, Bri
es: Val, Mon, Castro, Villa, Alca, Bena, Torre, Gua, Mira, Peña, Sala, Oli, Ara, Cerra
it: Monte, Castel, Borgo, Val, Roc, Pog, San, Cer, Fonta, Pietra, Colle, Busca, Lago
de: Ober, Unter, Neu, Alt, Birk, Lin, Ro, Hohen, Wald, Eich, Buch, Schön, Stein, Grün
pt: Vila, Bom, Santa, Boa, Rio, Ouro, Serra, Campo, Lago, Pedra, Porto, Morro, Mata
""")
NAME_ENDS = _word_lists("""
en: ton, ford, worth, ley, bury, field, wick, ham, by, stead, combe, mere, holm, dale
fr: mont, ville, court, lac, fort, sac, lieu, ac, ay, ignac, euil, oux, anne, elle
es: verde, real, mayor, nueva, fría, dilla, jara, lora, mar, ñada, rejo, tillo, zal, bar
it: fiore, nuovo, franco, lungo, verde, alto, rosso, bello, nera, chiaro, sole, vecchio, mare
de: feld, bach, dorf, berg, hausen, heim, au, stein, brunn, tal, wald, hof, wiese, rode
pt: verde, nova, vista, alegre, preto, branco, fino, grande, bela, azul, dourado, formoso, seco
""")

# Consonant-vowel syllables for made-up brand names: the long tail of one-off words.
CONSONANTS = "bcdfgklmnprstvz"
VOWELS = "aeiou"

ALLY_CATEGORIES: tuple[tuple[str, float, str, str], ...] = (
    # (category, weight, structure, activity)
    ("association_of_coops", 35, "OS200", "ICA290"),
    ("serving_coops", 20, "OS20", "ICA110"),
    ("nonprofit", 15, "OS20", "ICA180"),
    ("school", 8, "OS20", "ICA160"),
    ("public_body", 8, "OS220", ""),
    ("union", 7, "OS20", "ICA190"),
    ("coop_controlled", 7, "OS50", "ICA280"),
)

# Per category and language: names and one-sentence descriptions, with {region}, {place},
# {distinct}.
ALLY_TEXT: dict[str, dict[str, tuple[Words, Words]]] = {}
for (_category, _language), _fields in _blocks("""
association_of_coops en
    name {region} Co-operative Federation
    name Co-operative Council of {region}
    name {region} Co-operative Union
    says Supports and represents co-operatives across {region}.
    says A federation that trains, advises and speaks for the co-operatives of {region}.
association_of_coops fr
    name Fédération régionale des coopératives - {region}
    name Union régionale des SCOP {region}
    name Conseil québécois de la coopération - {region}
    says Fédère, représente et accompagne les coopératives de la région {region}.
    says Réseau d'appui aux coopératives et à l'économie sociale en {region}.
association_of_coops es
    name Federación de Cooperativas de {region}
    name Confederación de Cooperativas - {region}
    name Federación de Cooperativas de Trabajo de {region}
    says Representa y asesora a las cooperativas de {region}.
    says Federación que agrupa a las cooperativas de trabajo de {region}.
association_of_coops it
    name Legacoop {region}
    name Confcooperative {region}
    name AGCI {region}
    says Rappresenta e assiste le cooperative della regione {region}.
    says Associazione regionale delle cooperative di {region}.
association_of_coops de
    name Genossenschaftsverband {region}
    name Prüfungsverband der Genossenschaften {region}
    name Verband der Wohnungsgenossenschaften {region}
    says Berät, prüft und vertritt die Genossenschaften in {region}.
    says Regionalverband der Genossenschaften in {region}.
association_of_coops pt
    name Organização das Cooperativas do Estado de {region}
    name Federação das Cooperativas de {region}
    name União das Cooperativas de {region}
    says Representa e apoia as cooperativas de {region}.
    says Federação que reúne as cooperativas de {region}.
serving_coops en
    name {place} Co-operative Development Agency
    name {distinct} Co-op Support
    name {region} Co-operative Enterprise Hub
    says Helps people start and grow co-operatives in {place}.
    says Advice, training and finance for new co-operatives.
serving_coops fr
    name Coopérative de développement régional {region}
    name Incubateur d'entreprises coopératives de {place}
    name Pôle ESS {place}
    says Accompagne la création et le développement de coopératives à {place}.
    says Conseil, formation et financement pour les projets coopératifs.
serving_coops es
    name Agencia de Desarrollo Cooperativo de {place}
    name Incubadora de Cooperativas {distinct}
    name Centro de Apoyo a la Economía Social de {place}
    says Acompaña la creación de cooperativas en {place}.
    says Asesoría, formación y financiación para nuevas cooperativas.
serving_coops it
    name Consorzio di servizi alle cooperative di {place}
    name Incubatore cooperativo {distinct}
    name Centro servizi per la cooperazione {region}
    says Accompagna la nascita di nuove cooperative a {place}.
    says Consulenza, formazione e credito per le cooperative.
serving_coops de
    name Genossenschaftliche Gründungsberatung {place}
    name Netzwerk Genossenschaften {region}
    name Innova {distinct}
    says Berät Gründungen von Genossenschaften in {place}.
    says Beratung, Weiterbildung und Finanzierung für neue Genossenschaften.
serving_coops pt
    name Incubadora Tecnológica de Cooperativas Populares de {place}
    name Centro de Apoio ao Cooperativismo {distinct}
    name Agência de Desenvolvimento Solidário de {place}
    says Apoia a criação de cooperativas populares em {place}.
    says Assessoria, formação e crédito para empreendimentos solidários.
nonprofit en
    name {distinct} Community Trust
    name {place} Social Economy Network
    name {distinct} Foundation
    says A charity that supports community enterprise in {place}.
nonprofit fr
    name Association {distinct}
    name Collectif {distinct}
    name Réseau ESS {place}
    says Association qui soutient l'économie sociale et solidaire à {place}.
nonprofit es
    name Asociación Civil {distinct}
    name Fundación {distinct}
    name Red de Economía Solidaria de {place}
    says Asociación que impulsa la economía social en {place}.
nonprofit it
    name Associazione {distinct}
    name Fondazione {distinct}
    name Rete di economia solidale di {place}
    says Associazione che promuove l'economia solidale a {place}.
nonprofit de
    name {distinct} e.V.
    name Stiftung {distinct}
    name Netzwerk Solidarische Ökonomie {place}
    says Verein zur Förderung der solidarischen Ökonomie in {place}.
nonprofit pt
    name Associação {distinct}
    name Fundação {distinct}
    name Fórum de Economia Solidária de {place}
    says Associação que fomenta a economia solidária em {place}.
school en
    name {place} Centre for Co-operative Studies
    name {distinct} Co-operative College
    name Institute for Co-operative Enterprise, {place}
    says Teaching and research on co-operatives and mutuals.
school fr
    name Institut d'études coopératives de {place}
    name Chaire de coopération {distinct}
    name Université populaire de {place}
    says Enseignement et recherche sur les coopératives et l'économie sociale.
school es
    name Escuela de Economía Social de {place}
    name Instituto de Estudios Cooperativos {distinct}
    name Cátedra de Cooperativismo de {place}
    says Docencia e investigación sobre cooperativismo y economía social.
school it
    name Scuola di cooperazione di {place}
    name Istituto di studi cooperativi {distinct}
    name Master in economia cooperativa, {place}
    says Formazione e ricerca sulla cooperazione.
school de
    name Institut für Genossenschaftswesen {place}
    name Akademie {distinct}
    name Genossenschaftsakademie {region}
    says Lehre und Forschung zum Genossenschaftswesen.
school pt
    name Núcleo de Estudos em Cooperativismo de {place}
    name Escola de Cooperativismo {distinct}
    name Instituto de Economia Solidária de {place}
    says Ensino e pesquisa sobre cooperativismo e economia solidária.
public_body en
    name {place} City Council - Social Economy Unit
    name {region} Co-operative Development Office
    name {place} Community Wealth Building
    says The public office that supports co-operatives in {place}.
public_body fr
    name Ville de {place} - Économie sociale et solidaire
    name Région {region} - Direction de l'ESS
    name Métropole de {place} - ESS
    says Service public chargé de l'économie sociale et solidaire.
public_body es
    name Ayuntamiento de {place} - Economía Social
    name Municipalidad de {place} - Economía Social
    name Instituto de Cooperativismo de {region}
    says Organismo público de fomento de la economía social.
public_body it
    name Comune di {place} - Economia sociale
    name Regione {region} - Ufficio cooperazione
    name Camera di Commercio di {place}
    says Ufficio pubblico per la promozione della cooperazione.
public_body de
    name Stadt {place} - Wirtschaftsförderung
    name Land {region} - Referat Genossenschaften
    name Handwerkskammer {place}
    says Öffentliche Stelle zur Förderung von Genossenschaften.
public_body pt
    name Prefeitura de {place} - Economia Solidária
    name Secretaria de Desenvolvimento de {region}
    name Câmara Municipal de {place}
    says Órgão público de fomento à economia solidária.
union en
    name {place} Trades Council
    name {region} Workers' Union
    name {distinct} Union Branch
    says A trade union branch working with co-operatives in {place}.
union fr
    name Union locale des syndicats de {place}
    name Syndicat des travailleurs {distinct}
    name Bourse du travail de {place}
    says Syndicat partenaire des coopératives de travail.
union es
    name Sindicato de Trabajadores de {place}
    name Central de Trabajadores {distinct}
    name Unión Obrera de {place}
    says Sindicato aliado de las cooperativas de trabajo.
union it
    name Camera del Lavoro di {place}
    name Sindacato {distinct}
    name Lega dei lavoratori di {place}
    says Sindacato che collabora con le cooperative di lavoro.
union de
    name Gewerkschaftshaus {place}
    name Betriebsgruppe {distinct}
    name DGB-Region {region}
    says Gewerkschaft, die mit Genossenschaften zusammenarbeitet.
union pt
    name Sindicato dos Trabalhadores de {place}
    name Central Sindical {distinct}
    name Sindicato Rural de {place}
    says Sindicato parceiro das cooperativas de trabalho.
coop_controlled en
    name {distinct} Co-operative Services Ltd
    name {distinct} Trading Ltd
    name {region} Co-op Logistics
    says A company owned by co-operatives that buys and delivers for them.
coop_controlled fr
    name {distinct} Services SAS
    name Centrale d'achats {distinct}
    name {distinct} Logistique
    says Société détenue par des coopératives pour leurs achats groupés.
coop_controlled es
    name {distinct} Servicios S.L.
    name Central de Compras {distinct}
    name {distinct} Logística
    says Empresa de cooperativas para compras y logística en común.
coop_controlled it
    name {distinct} Servizi S.r.l.
    name Consorzio acquisti {distinct}
    name {distinct} Logistica
    says Società delle cooperative per acquisti e logistica comuni.
coop_controlled de
    name {distinct} Service GmbH
    name Einkaufszentrale {distinct}
    name {distinct} Logistik GmbH
    says Gemeinsame Tochter von Genossenschaften für Einkauf und Logistik.
coop_controlled pt
    name {distinct} Serviços Ltda.
    name Central de Compras {distinct}
    name {distinct} Logística
    says Empresa das cooperativas para compras e logística em comum.
""").items():
    ALLY_TEXT.setdefault(_category, {})[_language] = (
        tuple(_fields["name"]),
        tuple(_fields["says"]),
    )

# Words no one searches for alone; kept out of the generated queries.
STOPWORDS = _word_set(
    """
    the and for its our with that this from are has have who our their they them into in on of to
    by we at as is an be a all one new now since than less out across le la les de des du et en au
    aux un une qui que dans pour par sur ses nos notre est sont avec son sa leurs aujourd hui
    chaque el los las del y en un una que con por para sus nuestra nuestro somos se es al desde hoy
    cada forma il lo gli di da e con per che dei delle della nel nella sua suo nostra nostro oggi
    ogni sono der die das und in im mit von zu für den dem des eine ein einen ist sind wir unser
    unsere ihre ihrer aus seit heute jedes o os as e em com por para que seus suas nossa nosso
    somos do da dos das no na um uma hoje cada co op s l d
    """
)
