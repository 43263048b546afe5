"""The console's words in Finnish, Swedish and English (every message in all three: tests/console checks it).

Code labels (topics, outcomes, …) are data and come from the code lists; language names from Babel (CLDR).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from babel import Locale

from app.codes import Codebook
from app.errors import BadInput

LANGUAGES = ("fi", "sv", "en")
DEFAULT_LANGUAGE = "fi"
LANGUAGE_NAMES = {"fi": "Suomi", "sv": "Svenska", "en": "English"}

# key: (fi, sv, en); {name} placeholders are filled by `translate`.
MESSAGES: dict[str, tuple[str, str, str]] = {
    "app.title": ("Neuvo – koordinaattorin näkymä", "Neuvo – koordinatorns vy", "Neuvo – coordinator console"),
    "app.name": ("Neuvo", "Neuvo", "Neuvo"),
    "skip": ("Siirry sisältöön", "Hoppa till innehållet", "Skip to content"),
    "nav.label": ("Päävalikko", "Huvudmeny", "Main menu"),
    "nav.overview": ("Yleiskuva", "Översikt", "Overview"),
    "nav.breakdowns": ("Erittelyt", "Fördelningar", "Breakdowns"),
    "nav.completeness": ("Raportointi", "Rapportering", "Completeness"),
    "nav.devices": ("Laitteet ja käyttöönotto", "Enheter och registrering", "Devices and enrollment"),
    "nav.codes": ("Koodistot", "Kodlistor", "Code lists"),
    "language.label": ("Kieli", "Språk", "Language"),
    "logout": ("Kirjaudu ulos", "Logga ut", "Log out"),
    "logged_in_as": ("Kirjautuneena: {email}", "Inloggad: {email}", "Logged in: {email}"),
    # login
    "login.title": ("Kirjaudu sisään", "Logga in", "Log in"),
    "login.intro": (
        "Neuvon tilastopalvelin: neuvontapisteiden nimettömät viikkoluvut.",
        "Neuvos statistikserver: rådgivningspunkternas anonyma veckotal.",
        "Neuvo's statistics server: the advice desks' anonymous weekly counts.",
    ),
    "login.email": ("Sähköpostiosoite", "E-postadress", "E-mail address"),
    "login.password": ("Salasana", "Lösenord", "Password"),
    "login.language": ("Näkymän kieli", "Vyns språk", "Language of the console"),
    "login.submit": ("Kirjaudu", "Logga in", "Log in"),
    "login.wrong": (
        "Sähköpostiosoite tai salasana on väärin.",
        "E-postadressen eller lösenordet är fel.",
        "The e-mail address or the password is wrong.",
    ),
    "login.throttled": (
        "Liian monta yritystä; yritä uudelleen {seconds} sekunnin kuluttua.",
        "För många försök; försök igen om {seconds} sekunder.",
        "Too many attempts; try again in {seconds} seconds.",
    ),
    "session.expired": (
        "Istuntosi on vanhentunut; kirjaudu uudelleen.",
        "Din session har gått ut; logga in igen.",
        "Your session has expired; log in again.",
    ),
    "session.missing": (
        "Kirjaudu ensin sisään.",
        "Logga in först.",
        "Log in first.",
    ),
    "csrf.missing": (
        "Lomakkeelta puuttuu sen turvatunniste; lataa sivu uudelleen ja yritä uudelleen. Mitään ei muutettu.",
        "Formuläret saknar sin säkerhetskod; ladda om sidan och försök igen. Ingenting ändrades.",
        "The form is missing its security token; reload the page and try again. Nothing was changed.",
    ),
    "logged_out": ("Olet kirjautunut ulos.", "Du har loggat ut.", "You have logged out."),
    "error.title": ("Pyyntöä ei voitu tehdä", "Begäran kunde inte utföras", "The request could not be done"),
    "error.back": ("Takaisin", "Tillbaka", "Back"),
    "error.no_page": (
        "Tässä osoitteessa ei ole sivua.",
        "Det finns ingen sida på den här adressen.",
        "There is no page at this address.",
    ),
    "error.invalid": ("{message}", "{message}", "{message}"),
    # filters
    "filter.legend": ("Valinnat", "Val", "Choices"),
    "filter.from": ("Ensimmäinen viikko", "Första veckan", "First week"),
    "filter.to": ("Viimeinen viikko", "Sista veckan", "Last week"),
    "filter.scope": ("Kohde", "Urval", "Sites"),
    "filter.all_sites": ("Kaikki toimipisteet", "Alla verksamhetsställen", "All sites"),
    "filter.teams": ("Tiimit", "Team", "Teams"),
    "filter.sites": ("Toimipisteet", "Verksamhetsställen", "Sites"),
    "filter.show": ("Näytä", "Visa", "Show"),
    "filter.week_hint": ("muodossa 2026-W05", "i formen 2026-W05", "as 2026-W05"),
    "range.caption": ("{first}–{last}", "{first}–{last}", "{first} to {last}"),
    "previous.caption": (
        "edellinen jakso {first}–{last}",
        "föregående period {first}–{last}",
        "previous period {first} to {last}",
    ),
    # downloads
    "download.heading": ("Lataa tämä näkymä", "Ladda ner den här vyn", "Download this view"),
    "download.csv": ("CSV", "CSV", "CSV"),
    "download.xlsx": ("Excel (XLSX)", "Excel (XLSX)", "Excel (XLSX)"),
    "download.json": ("JSON", "JSON", "JSON"),
    "download.label": (
        "Lataa näkymän luvut: {format}",
        "Ladda ner vyns tal: {format}",
        "Download the figures of this view: {format}",
    ),
    # overview
    "overview.title": ("Yleiskuva", "Översikt", "Overview"),
    "overview.visits": ("Käynnit", "Besök", "Visits"),
    "overview.participants": ("Osallistujat", "Deltagare", "Participants"),
    "overview.previous": ("edellinen jakso", "föregående period", "previous period"),
    "overview.change": ("muutos", "förändring", "change"),
    "overview.per_week": (
        "Käynnit ja osallistujat viikoittain",
        "Besök och deltagare per vecka",
        "Visits and participants per week",
    ),
    "overview.per_month": (
        "Käynnit ja osallistujat kuukausittain",
        "Besök och deltagare per månad",
        "Visits and participants per month",
    ),
    "overview.month_rule": (
        "Kokonaiset kalenterikuukaudet {first}–{last} (Helsingin aikaa), tarkasti: kuukauden rajan ylittävä viikko "
        "jaetaan kunkin käynnin päivän mukaan. Kuukaudet ovat valittujen viikkojen torstaiden kuukaudet, joten "
        "ensimmäinen ja viimeinen kuukausi voivat sisältää päiviä valittujen viikkojen ulkopuolelta.",
        "Hela kalendermånader {first}–{last} (Helsingforstid), exakt: en vecka som korsar en månadsgräns delas "
        "efter dagen för varje besök. Månaderna är de valda veckornas torsdagars månader, så den första och sista "
        "månaden kan innehålla dagar utanför de valda veckorna.",
        "Whole calendar months {first} to {last} (Helsinki time), exact: a week crossing a month boundary is split by "
        "the day of each visit. The months are those of the chosen weeks' Thursdays, so the first and last month may "
        "hold days outside the chosen weeks.",
    ),
    "overview.inexact": (
        "{count} raporttia vanhemmilta kannettavilta (ilman kuukausiosia) on laskettu kokonaan torstain kuukauteen.",
        "{count} rapporter från äldre bärbara datorer (utan månadsdelar) räknas helt till torsdagens månad.",
        "{count} reports from older laptops (without month parts) are counted whole in the month of their Thursday.",
    ),
    "overview.shares": ("Osuudet käynneistä", "Andelar av besöken", "Shares of the visits"),
    "overview.top_topics": ("Yleisimmät aiheet", "Vanligaste ämnen", "Top topics"),
    "overview.top_languages": ("Yleisimmät kielet", "Vanligaste språk", "Top languages"),
    "overview.interpreting": ("Tulkkaus", "Tolkning", "Interpreting"),
    "overview.referred": ("Ohjattu eteenpäin", "Hänvisade vidare", "Referred onward"),
    "overview.no_service": (
        "Tarpeeseen ei ole palvelua",
        "Det finns ingen tjänst för behovet",
        "No service exists for this need",
    ),
    "overview.no_reports": (
        "Valitulta jaksolta ei ole raportteja.",
        "Det finns inga rapporter för den valda perioden.",
        "There are no reports for the chosen period.",
    ),
    "overview.no_report_cell": ("ei raporttia", "ingen rapport", "no report"),
    "col.week": ("Viikko", "Vecka", "Week"),
    "col.month": ("Kuukausi", "Månad", "Month"),
    "col.previous_week": ("Edellisen jakson viikko", "Föregående periodens vecka", "Previous period's week"),
    "col.previous_month": ("Edellisen jakson kuukausi", "Föregående periodens månad", "Previous period's month"),
    "col.code": ("Koodi", "Kod", "Code"),
    "col.label": ("Nimi", "Namn", "Name"),
    "col.count": ("Käyntejä", "Besök", "Visits"),
    "col.share": ("Osuus käynneistä", "Andel av besöken", "Share of visits"),
    "col.previous": ("Edellinen jakso", "Föregående period", "Previous period"),
    "chart.previous_visits": ("Käynnit, edellinen jakso", "Besök, föregående period", "Visits, previous period"),
    "chart.week_desc": (
        "Pylväät: käynnit viikoittain; yhtenäinen viiva: osallistujat; katkoviiva: edellisen jakson käynnit. "
        "Samat luvut ovat taulukossa kaavion alla.",
        "Staplar: besök per vecka; heldragen linje: deltagare; streckad linje: föregående periods besök. "
        "Samma tal finns i tabellen under diagrammet.",
        "Bars: visits per week; solid line: participants; dashed line: the previous period's visits. "
        "The same numbers are in the table below the chart.",
    ),
    "chart.month_desc": (
        "Pylväät: käynnit kuukausittain; yhtenäinen viiva: osallistujat; katkoviiva: edellisen jakson käynnit.",
        "Staplar: besök per månad; heldragen linje: deltagare; streckad linje: föregående periods besök.",
        "Bars: visits per month; solid line: participants; dashed line: the previous period's visits.",
    ),
    "chart.bar_desc": (
        "Vaakapylväät: käynnit koodeittain; samat luvut ovat taulukossa.",
        "Liggande staplar: besök per kod; samma tal finns i tabellen.",
        "Horizontal bars: visits per code; the same numbers are in the table.",
    ),
    "chart.marked": ("alle {threshold}", "under {threshold}", "fewer than {threshold}"),
    "suppression.note": (
        "Luvut on satunnaistettu (jokaisen laitteen raporttiin lisätään kiinteä satunnainen määrä) ja summat "
        "1–{top} näytetään muodossa {mark}, kuten viennissä.",
        "Talen är slumpade (varje enhets rapport får ett fast slumpmässigt tillägg) och summor 1–{top} visas som "
        "{mark}, som i exporten.",
        "The numbers are perturbed (each device's report adds a fixed random amount) and sums of 1–{top} are shown "
        "as {mark}, as in the exports.",
    ),
    # breakdowns
    "breakdowns.title": ("Erittelyt", "Fördelningar", "Breakdowns"),
    "breakdowns.dimension": ("Ulottuvuus", "Dimension", "Dimension"),
    "breakdowns.all_dimensions": ("Kaikki ulottuvuudet", "Alla dimensioner", "All dimensions"),
    "breakdowns.contents": ("Ulottuvuudet", "Dimensioner", "Dimensions"),
    "breakdowns.empty": ("Ei käyntejä tällä jaksolla.", "Inga besök under perioden.", "No visits in this period."),
    "breakdowns.multi": (
        "Käynnillä voi olla useita; osuudet voivat olla yhteensä yli 100 %.",
        "Ett besök kan ha flera; andelarna kan tillsammans vara över 100 %.",
        "A visit can have several; the shares can add up to more than 100 %.",
    ),
    # devices
    "devices.title": ("Laitteet ja käyttöönotto", "Enheter och registrering", "Devices and enrollment"),
    "devices.list": ("Laitteet", "Enheter", "Devices"),
    "devices.none": (
        "Yhtään laitetta ei ole otettu käyttöön.",
        "Inga enheter har registrerats.",
        "No device has been enrolled.",
    ),
    "devices.name": ("Laite", "Enhet", "Device"),
    "devices.id": ("Tunniste", "Id", "Id"),
    "devices.team": ("Tiimi", "Team", "Team"),
    "devices.sites": ("Toimipisteet", "Verksamhetsställen", "Sites"),
    "devices.enrolled": ("Otettu käyttöön", "Registrerad", "Enrolled"),
    "devices.last_seen": ("Viimeksi yhteydessä", "Senast i kontakt", "Last seen"),
    "devices.last_report": ("Viimeisin raportti", "Senaste rapporten", "Last report"),
    "devices.status": ("Tila", "Status", "Status"),
    "devices.active": ("käytössä", "i bruk", "active"),
    "devices.revoked": ("poistettu käytöstä {when}", "spärrad {when}", "revoked {when}"),
    "devices.never": ("ei vielä", "ännu inte", "not yet"),
    "devices.revoke": ("Poista käytöstä…", "Spärra…", "Revoke…"),
    "devices.revoke_named": (
        "Poista käytöstä laite {name} ({id})",
        "Spärra enheten {name} ({id})",
        "Revoke the device {name} ({id})",
    ),
    "devices.revoke_title": ("Poistetaanko laite käytöstä?", "Spärra enheten?", "Revoke the device?"),
    "devices.revoke_explain": (
        "Laite {name} ({id}, tiimi {team}) torjutaan sen seuraavassa pyynnössä. Sen jo lähettämät raportit "
        "säilyvät. Käytöstä poistoa ei voi perua: laite on otettava uudelleen käyttöön uudella koodilla.",
        "Enheten {name} ({id}, team {team}) avvisas vid sin nästa begäran. Rapporter den redan skickat finns "
        "kvar. Spärren kan inte ångras: enheten måste registreras på nytt med en ny kod.",
        "The device {name} ({id}, team {team}) is refused on its next request. The reports it has sent stay. "
        "This cannot be undone: the device must be enrolled again with a new code.",
    ),
    "devices.revoke_confirm": ("Poista käytöstä", "Spärra", "Revoke"),
    "devices.cancel": ("Peruuta", "Avbryt", "Cancel"),
    "devices.revoked_done": (
        "Laite {name} on poistettu käytöstä.",
        "Enheten {name} har spärrats.",
        "The device {name} has been revoked.",
    ),
    "devices.unknown": ("Tällaista laitetta ei ole.", "Det finns ingen sådan enhet.", "There is no such device."),
    "enroll.heading": ("Uusi käyttöönottokoodi", "Ny registreringskod", "New enrollment code"),
    "enroll.intro": (
        "Koodilla yksi kannettava liitetään toimipisteen tiimiin. Koodi näytetään vain kerran.",
        "Med koden kopplas en bärbar dator till verksamhetsställets team. Koden visas bara en gång.",
        "The code enrolls one laptop for the site's team. The code is shown only once.",
    ),
    "enroll.site": ("Toimipiste", "Verksamhetsställe", "Site"),
    "enroll.site_hint": (
        "olemassa oleva tai uusi toimipiste",
        "ett befintligt eller nytt verksamhetsställe",
        "an existing site or a new one",
    ),
    "enroll.team": ("Tiimi (vapaaehtoinen)", "Team (frivilligt)", "Team (optional)"),
    "enroll.team_hint": (
        "uusi toimipiste liitetään tähän tiimiin; tyhjä: oma tiimi",
        "ett nytt verksamhetsställe ansluts till teamet; tomt: ett eget team",
        "a new site joins this team; empty: a team of its own",
    ),
    "enroll.valid": ("Voimassa", "Giltig", "Valid for"),
    "enroll.hours_1": ("60 minuuttia", "60 minuter", "60 minutes"),
    "enroll.hours_24": ("24 tuntia", "24 timmar", "24 hours"),
    "enroll.hours_168": ("7 päivää", "7 dagar", "7 days"),
    "enroll.hours_720": ("30 päivää", "30 dagar", "30 days"),
    "enroll.submit": ("Luo koodi", "Skapa kod", "Create the code"),
    "enroll.created_title": ("Käyttöönottokoodi", "Registreringskod", "Enrollment code"),
    "enroll.created": (
        "Koodi toimipisteelle {site} (tiimi {team}), voimassa {expires} asti:",
        "Kod för {site} (team {team}), giltig till {expires}:",
        "The code for {site} (team {team}), valid until {expires}:",
    ),
    "enroll.once": (
        "Kirjoita koodi kannettavan Neuvoon (Asetukset → Synkronointi) nyt: sitä ei näytetä uudelleen.",
        "Skriv in koden i den bärbara datorns Neuvo (Inställningar → Synkronisering) nu: den visas inte igen.",
        "Enter the code in the laptop's Neuvo (Settings → Sync) now: it is not shown again.",
    ),
    "enroll.code_label": ("Käyttöönottokoodi", "Registreringskod", "Enrollment code"),
    "enroll.copy": ("Kopioi koodi", "Kopiera koden", "Copy the code"),
    "enroll.copied": ("Koodi kopioitu.", "Koden har kopierats.", "The code has been copied."),
    "enroll.done": ("Valmis", "Klar", "Done"),
    "teams.heading": ("Tiimit ja toimipisteet", "Team och verksamhetsställen", "Teams and their sites"),
    "teams.none": ("Ei vielä tiimejä.", "Inga team ännu.", "No teams yet."),
    # codes
    "codes.title": ("Koodistot", "Kodlistor", "Code lists"),
    "codes.intro": (
        "Kannettavat saavat koodistot seuraavassa synkronoinnissa. Koodia ei koskaan poisteta, koska vanhat "
        "raportit käyttävät sitä.",
        "De bärbara datorerna får kodlistorna vid nästa synkronisering. En kod tas aldrig bort, eftersom gamla "
        "rapporter använder den.",
        "Laptops get the code lists at their next sync. No code is ever removed, since old reports use it.",
    ),
    "codes.add": ("Lisää koodi", "Lägg till en kod", "Add a code"),
    "codes.dimension": ("Luettelo", "Lista", "List"),
    "codes.code": ("Koodi", "Kod", "Code"),
    "codes.code_hint": (
        "pienet kirjaimet a–z, numerot ja yhdysmerkit, esim. food-aid",
        "små bokstäver a–z, siffror och bindestreck, t.ex. food-aid",
        "lowercase letters a-z, digits and hyphens, e.g. food-aid",
    ),
    "codes.label_fi": ("Nimi suomeksi", "Namn på finska", "Name in Finnish"),
    "codes.label_sv": ("Nimi ruotsiksi", "Namn på svenska", "Name in Swedish"),
    "codes.label_en": ("Nimi englanniksi", "Namn på engelska", "Name in English"),
    "codes.submit": ("Lisää", "Lägg till", "Add"),
    "codes.added": (
        "Koodi {code} lisättiin luetteloon {dimension}.",
        "Koden {code} lades till i listan {dimension}.",
        "The code {code} was added to the list {dimension}.",
    ),
    "codes.fixed": (
        "Tämän luettelon arvot ovat kiinteät.",
        "Listans värden är fasta.",
        "The values of this list are fixed.",
    ),
    "codes.open_values": (
        "Arvot tulevat laitteilta (kielikoodit, palvelut, tunnit).",
        "Värdena kommer från enheterna (språkkoder, tjänster, timmar).",
        "The values come from the devices (language codes, services, hours).",
    ),
    "codes.unknown_dimension": (
        "Tähän luetteloon ei voi lisätä koodeja.",
        "Koder kan inte läggas till i den här listan.",
        "Codes cannot be added to this list.",
    ),
    # completeness
    "completeness.title": ("Raportointi", "Rapportering", "Completeness"),
    "completeness.rate": ("Raportointiaste", "Rapporteringsgrad", "Reporting rate"),
    "completeness.received_of": (
        "{received} odotetusta {expected} viikosta raportoitu",
        "{received} av {expected} förväntade veckor rapporterade",
        "{received} of {expected} expected weeks reported",
    ),
    "completeness.missing": ("Puuttuvat viikot", "Saknade veckor", "Missing weeks"),
    "completeness.missing_hint": (
        "odotettu viikko, jolta ei tullut raporttia",
        "förväntade veckor utan rapport",
        "expected weeks from which nothing arrived",
    ),
    "completeness.expected_rule": (
        "Viikkoa odotetaan, kun se on päättynyt ja toimipisteellä on viikoittaiset aukioloajat (kannettavat lähettävät "
        "ne) tai, jos niitä ei ole, toimipiste on raportoinut aiemmin. Myös viikko, jolla neuvontaa pidettiin ilman "
        "kävijöitä, on raportoitu.",
        "En vecka förväntas när den har slutat och verksamhetsstället har veckotider (de bärbara datorerna skickar "
        "dem) eller, om det inte har några, har rapporterat tidigare. Också en vecka med rådgivning utan besökare är "
        "rapporterad.",
        "A week is expected once it has ended and the site has weekly slots (its laptops send them) or, where it has "
        "none, it has reported before. A week with a desk held and no visitors is reported too.",
    ),
    "completeness.per_site": ("Toimipisteittäin", "Per verksamhetsställe", "Per site"),
    "completeness.expected_from": ("Odotukset", "Förväntan från", "Expected from"),
    "completeness.from_slots": ("viikoittaiset ajat", "veckotider", "weekly slots"),
    "completeness.from_reports": ("aiemmat raportit", "tidigare rapporter", "earlier reports"),
    "completeness.expected": ("Odotettu", "Förväntade", "Expected"),
    "completeness.received": ("Raportoitu", "Rapporterade", "Received"),
    "completeness.sessions": ("Neuvontakerrat", "Rådgivningstillfällen", "Sessions held"),
    "completeness.hours": ("Tunnit auki", "Timmar öppet", "Hours open"),
    "completeness.per_week": ("Viikoittain", "Per vecka", "Per week"),
    "completeness.legend": (
        "✓ raportoitu · ✗ puuttuu (odotettu, ei raporttia) · · ei neuvontaa odotettu",
        "✓ rapporterad · ✗ saknas (förväntad, ingen rapport) · · ingen rådgivning förväntad",
        "✓ reported · ✗ missing (expected, nothing arrived) · · no desk expected",
    ),
    "completeness.status.reported": ("raportoitu", "rapporterad", "reported"),
    "completeness.status.missing": ("puuttuu", "saknas", "missing"),
    "completeness.status.no-desk": ("ei neuvontaa", "ingen rådgivning", "no desk"),
    "completeness.arrivals": (
        "Saapuneet ja puuttuvat raportit",
        "Inkomna och saknade rapporter",
        "Reports received and missing",
    ),
    "completeness.arrived": ("Saapui", "Kom in", "Arrived"),
    "completeness.devices": ("Laitteet", "Enheter", "Devices"),
    "completeness.no_rate": ("–", "–", "–"),
    "completeness.note": (
        "Viikot, neuvontakerrat ja tunnit eivät ole kävijämääriä: ne näytetään sellaisinaan.",
        "Veckor, rådgivningstillfällen och timmar är inga besökarantal: de visas som de är.",
        "Weeks, sessions and hours are not visitor counts: they are shown as they are.",
    ),
    # the summary report
    "summary.heading": (
        "Raportti päättäjille (PDF)",
        "Rapport för beslutsfattare (PDF)",
        "Report for decision makers (PDF)",
    ),
    "summary.intro": (
        "Kaksisivuinen yhteenveto valituista kalenterikuukausista: luvut, kehitys, aiheet, kielet, tulkkaus, "
        "ohjaukset, palvelun puute, raportointiaste ja menetelmä.",
        "En sammanfattning på två sidor för de valda kalendermånaderna: tal, utveckling, ämnen, språk, tolkning, "
        "hänvisningar, saknade tjänster, rapporteringsgrad och metod.",
        "A two-page summary of the chosen calendar months: totals, the trend, topics, languages, interpreting, "
        "referrals, unmet need, completeness and the method.",
    ),
    "summary.from": ("Ensimmäinen kuukausi", "Första månaden", "First month"),
    "summary.to": ("Viimeinen kuukausi", "Sista månaden", "Last month"),
    "summary.month_hint": ("muodossa 2026-01", "i formen 2026-01", "as 2026-01"),
    "summary.language": ("Raportin kieli", "Rapportens språk", "Language of the report"),
    "summary.submit": ("Tee PDF", "Skapa PDF", "Make the PDF"),
    # refused choices (app.errors.BadInput reasons)
    "bad.week.invalid": (
        "'{text}' ei ole ISO-viikko muotoa 2026-W47.",
        "'{text}' är inte en ISO-vecka som 2026-W47.",
        "'{text}' is not an ISO week like 2026-W47.",
    ),
    "bad.week.out_of_range": (
        "'{text}' on ISO-vuosien {first}–{last} ulkopuolella.",
        "'{text}' ligger utanför ISO-åren {first}–{last}.",
        "'{text}' is outside the ISO years {first}–{last}.",
    ),
    "bad.week.no_such_week": (
        "Vuodessa {year} ei ole viikkoa {week}.",
        "År {year} har ingen vecka {week}.",
        "{year} has no week {week}.",
    ),
    "bad.range.reversed": (
        "Jakso päättyy ({last}) ennen kuin se alkaa ({first}).",
        "Perioden slutar ({last}) innan den börjar ({first}).",
        "The range ends ({last}) before it starts ({first}).",
    ),
    "bad.range.too_long": (
        "Jakso on yli {weeks} viikkoa pitkä; valitse lyhyempi.",
        "Perioden är längre än {weeks} veckor; välj en kortare.",
        "The range is longer than {weeks} weeks; choose a shorter one.",
    ),
    "bad.period.invalid": (
        "'{text}' ei ole kuukausi muotoa 2026-03.",
        "'{text}' är inte en månad som 2026-03.",
        "'{text}' is not a month like 2026-03.",
    ),
    "bad.period.out_of_range": (
        "'{text}' on vuosien 2000–2100 ulkopuolella.",
        "'{text}' ligger utanför åren 2000–2100.",
        "'{text}' is outside the years 2000–2100.",
    ),
    "bad.period.no_such_month": (
        "'{text}' ei ole kuukausi: vuodessa on kuukaudet 01–12.",
        "'{text}' är ingen månad: ett år har månaderna 01–12.",
        "'{text}' is not a month: a year has months 01–12.",
    ),
    "bad.period.no_such_quarter": (
        "'{text}' ei ole vuosineljännes: vuodessa on neljännekset Q1–Q4.",
        "'{text}' är inget kvartal: ett år har kvartalen Q1–Q4.",
        "'{text}' is not a quarter: a year has quarters Q1–Q4.",
    ),
    "bad.scope.unknown": (
        "Palvelimella ei ole tällaista toimipistettä tai tiimiä; valitse luettelosta.",
        "Det finns inget sådant verksamhetsställe eller team på servern; välj i listan.",
        "There is no such site or team on this server; choose one from the list.",
    ),
    "bad.dimension.unknown": (
        "Neuvo ei laske tällaista ulottuvuutta; valitse luettelosta.",
        "Neuvo räknar ingen sådan dimension; välj i listan.",
        "Neuvo counts no such dimension; choose one from the list.",
    ),
    "codes.count": ("{count} koodia", "{count} koder", "{count} codes"),
    "codes.multi": ("useita käyntiä kohden", "flera per besök", "several per visit"),
    "codes.optional": ("vapaaehtoinen", "frivillig", "optional"),
    # advisors' flags of wrong directory entries (issue 14)
    "nav.flags": ("Hakemiston virheilmoitukset", "Felanmälningar i katalogen", "Directory flags"),
    "flags.title": ("Hakemiston virheilmoitukset", "Felanmälningar i katalogen", "Directory flags"),
    "flags.intro": (
        "Neuvojat ilmoittivat nämä yhteisen palveluhakemiston tiedot vääriksi tai vanhentuneiksi. "
        "Ilmoitukset koskevat palvelua, eivät asiakkaita.",
        "Rådgivarna anmälde att de här uppgifterna i den gemensamma servicekatalogen är fel eller föråldrade. "
        "Anmälningarna gäller tjänsten, inte klienter.",
        "Advisors flagged these entries of the shared service directory as wrong or out of date. "
        "The flags are about the service, never about a visitor.",
    ),
    "flags.none": ("Ei ilmoituksia.", "Inga anmälningar.", "No entries are flagged."),
    "flags.when": ("Ilmoitettu", "Anmäld", "Flagged"),
    "flags.service": ("Palvelu", "Tjänst", "Service"),
    "flags.text": ("Mikä on vialla", "Vad är fel", "What is wrong"),
    "flags.team": ("Tiimi", "Team", "Team"),
}


def translate(language: str, key: str, **params: object) -> str:
    """The message `key` in `language` (fi/sv/en) with its placeholders filled."""
    text = MESSAGES[key][LANGUAGES.index(language) if language in LANGUAGES else 0]
    return text.format(**params) if params else text


Translator = Callable[..., str]


def translator(language: str) -> Translator:
    def t(key: str, **params: object) -> str:
        return translate(language, key, **params)

    return t


def worded(error: BadInput, language: str) -> str:
    """A refusal in `language` where its reason has a message here, else its own (English) sentence."""
    key = f"bad.{error.reason}"
    if key in MESSAGES:
        try:
            return translate(language, key, **dict(error.params or {}))
        except (KeyError, IndexError):
            pass
    return str(error)


def chosen_language(*candidates: str | None) -> str:
    """The first of the candidates that is fi, sv or en, else Finnish."""
    for candidate in candidates:
        if candidate in LANGUAGES:
            assert candidate is not None
            return candidate
    return DEFAULT_LANGUAGE


@cache
def _language_names(language: str) -> dict[str, str]:
    return dict(Locale.parse(language).languages)


def code_label(codebook: Codebook, dimension: str, code: str, language: str) -> str:
    """A code's label from the code lists; a language code's name from CLDR; the code itself otherwise."""
    if dimension in ("language", "handout_language"):
        name = _language_names(language).get(code)
        return name[:1].upper() + name[1:] if name else code
    return codebook.label(dimension, code, language)


def dimension_label(codebook: Codebook, dimension: str, language: str) -> str:
    return codebook[dimension].label(language) if dimension in codebook else dimension
