"""Polish sentiment lexicon, written for retail and service comments.

Entries are folded (lower case, no diacritics: "swietn*" matches "świetnie" and "swietnie"),
because customers often type without Polish letters. Weights: 3 strong, 2 clear, 1 weak; a
trailing ``*`` makes a stem. Tuned on ``tests/data/sentiment_dev_pl.csv`` only.
"""

POSITIVE = {
    3: """swietn* rewelac* doskonal* idealn* perfekc* najlepsz* cudown* genialn* kocham
       uwielbiam fantastyczn* wspanial* znakomit* bomba sztos* petarda mistrz* ekstra
       niesamowit*""",
    2: """dobr* super polec* szybk* szybciutk* ekspresow* mily mila mile milo milej milego milym
       mili uprzejm* pomocn* profesjonaln* zadowol* bezproblem* sprawn* latw* latwo wygodn*
       intuicyjn* fajn* punktualn* terminow* kompetent* przyjemn* zyczliw* pozytyw* pomogl*
       pomogli dziekuj* dzieki sympatyczn* grzeczn* rzeczow* przejrzyst* czysto czyst*
       niezl* niezle elegancko git spoko zachwyc* brawo rzetel* solidn*""",
    1: """lepiej lepsz* tani tania tanie tanio taniej oplac* warto pomoc
       zalatw* dziala dzialaj* dzialal* udalo poprawn* jasn* cierpliw* rozwiaz* korzystn* ogarn*
       zgodn* sprawdz*
       rozumi* wymienil* wyjasnil*""",
}

NEGATIVE = {
    3: """fataln* beznadziej* okropn* tragedi* tragiczn* masakr* porazk* zenad* skandal* oszust*
       oszuk* chamsk* cham chamstw* bezczel* niekompetent* wkurz* wkurw* syf dno zdzierstw*
       nieprofesjonal* katastrof* koszmar* horror najgorsz* niedopuszczaln* nieakceptowaln*
       kpina kpin* zlodziej* paranoj* badziew*""",
    2: """zle zly zla zlo zlego zlej zlym zli straszn* dramat* powoln* spozni* opozni* niemil*
       niegrzeczn* nieuprzejm* blad bledy bledu bledem bledn* awari* zawies* wywal* uszkodz*
       zniszcz* zepsu* rozczarow* zawiod* zawiedz* niezadowol* denerw* irytuj* irytac* kiepsk*
       slab* zdziercz* przeplac* niemozliw* balagan* brud* ignor* olewa* olal* olali rozlacz*
       zgubi* zagin* gorzej gorsz* niedzialaj* zablok* nieudan* niedobr* nieprzyjemn*
       niewygodn* bezsens* frustr* klopot* obrazil* lekcewaz* nieuczciw* klamstw* oklamal*
       klamal* zmarnowa* zdenerwow* opryskliw* wsciek* zal
       krzycz* wciska* cyrk""",
    1: """problem* czeka* dlugo dlugi dluga drogo drogie drozej skomplik* trudn* niejasn*
       nieczyteln* niezrozumial* strat* reklamac* szkoda niestety wylogow* kolejk* niepotrzebn*
       dziwn* zamieszan* wieki upomin* wygasl* pust* zimno skasowal*
       martw* klocil*""",
}

NEGATORS = {
    "nie": 0.0,
    "ani": 0.0,
    "bez": 0.0,
    "nigdy": 0.0,
    "niezbyt": 0.0,
    "zadnego": 0.0,
    "zadnych": 0.0,
    "zadnej": 0.0,
    "zaden": 0.0,
    "nic": 0.0,
    "nikt": -1.0,
    "brak": -1.5,
    "braku": -1.5,
    "brakuje": -1.5,
    "brakowalo": -1.5,
}

INTENSIFIERS = {
    "bardzo": 1.5,
    "mega": 1.5,
    "naprawde": 1.3,
    "strasznie": 1.5,
    "totalnie": 1.5,
    "ogromnie": 1.5,
    "niesamowicie": 1.6,
    "wyjatkowo": 1.5,
    "zupelnie": 1.4,
    "kompletnie": 1.5,
    "calkowicie": 1.4,
    "tak": 1.2,
    "za": 1.3,
    "az": 1.3,
    "super": 1.4,
    "niezwykle": 1.5,
    "maksymalnie": 1.5,
    "serio": 1.2,
    "okropnie": 1.6,
    "szalenie": 1.5,
    "troche": 0.6,
    "nieco": 0.6,
    "lekko": 0.6,
    "raczej": 0.7,
    "dosc": 0.9,
    "dosyc": 0.9,
}

CONTRAST = frozenset({"ale", "lecz", "jednak", "natomiast", "aczkolwiek"})

PHRASES = {
    "nigdy wiecej": -3.0,
    "za drogo": -2.0,
    "nie moge": -1.5,
    "nie da sie": -1.5,
    "nadal czekam": -2.0,
    "wciaz czekam": -2.0,
    "dalej czekam": -2.0,
    "strata czasu": -3.0,
    "bez zarzutu": 2.5,
    "na czas": 1.5,
    "w terminie": 1.5,
    "nie polecam": -2.5,
    "nie ma problemu": 1.5,
    "bez problemu": 1.5,
    "bez problemow": 1.5,
    "jak zawsze": 0.5,
    "ok": 0.5,
    "okej": 0.5,
    "okay": 0.5,
    "nikt nie odbiera": -2.5,
    "nikt nie odpowiada": -2.5,
    "brak kontaktu": -2.0,
    "brak odpowiedzi": -2.0,
    "nie ma z kim": -2.0,
    "szkoda gadac": -3.0,
    "do niczego": -2.5,
    "nie dziala": -2.0,
    "nie dzialala": -2.0,
    "nie dzialalo": -2.0,
    "nie jest zle": 1.0,
    "szybko i sprawnie": 3.0,
    "na plus": 2.0,
    "na minus": -2.0,
    "w porzadku": 1.0,
    "pelen profesjonalizm": 3.0,
    "brak uwag": 0.0,
    "nic specjalnego": 0.0,
    "przecietnie": -0.5,
    "przecietny": -0.5,
    "przecietna": -0.5,
    "nadal nie": -2.0,
    "wciaz nie": -2.0,
    "zero informacji": -2.0,
    "zero kontaktu": -2.0,
    "no super": -2.0,
    "no pieknie": -2.0,
    "w nosie": -2.5,
    "ma gdzies": -2.5,
    "maja gdzies": -2.5,
    "kreci sie": -1.0,
    "jak zloto": 2.5,
    "dokladnie tak jak": 1.5,
    "wiecej niz musial": 2.0,
    "wiecej niz musiala": 2.0,
    "dzieki wielkie": 1.0,
    "zwrot pieniedzy": 0.0,
    "na wlasny koszt": -1.5,
    "na sile": -1.5,
    "stracil waznosc": -1.5,
    "sie nie uruchamia": -2.0,
    "od reki": 1.5,
    "na wysokosci zadania": 2.5,
    "w deszczu": -1.5,
    "bez naciskania": 1.5,
}
