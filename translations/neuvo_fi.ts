<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fi_FI">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Neuvo</source>
        <translation>Tietoja Neuvosta</translation>
    </message>
    <message>
        <source>Neuvo %1</source>
        <translation>Neuvo %1</translation>
    </message>
    <message>
        <source>The offline desk for advisory points: anonymous visit statistics, the service directory and handouts in the visitor&apos;s language.</source>
        <translation>Neuvontapisteiden sovellus, joka toimii ilman verkkoa: nimettömät käyntitilastot, palveluhakemisto ja tulosteet asiakkaan kielellä.</translation>
    </message>
    <message>
        <source>Version %1. Licence: %2 (European Union Public Licence).</source>
        <translation>Versio %1. Lisenssi: %2 (Euroopan unionin yleinen lisenssi).</translation>
    </message>
    <message>
        <source>Data folder (encrypted): %1</source>
        <translation>Tietokansio (salattu): %1</translation>
    </message>
    <message>
        <source>Neuvo ships with these components under their own licences. Qt and PySide6 are used under the LGPL 3.0: their libraries in the program folder may be replaced with other builds.</source>
        <translation>Neuvon mukana tulevat nämä osat omine lisensseineen. Qt:tä ja PySide6:ta käytetään LGPL 3.0 -lisenssillä: niiden kirjastot ohjelmakansiossa voi korvata muilla käännöksillä.</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>Osa</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Versio</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Lisenssi</translation>
    </message>
</context>
<context>
    <name>CountsModel</name>
    <message>
        <source>%1%</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>Käynnit</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Osuus</translation>
    </message>
</context>
<context>
    <name>DeskScreen</name>
    <message>
        <source>Save and keep</source>
        <translation>Tallenna ja säilytä</translation>
    </message>
    <message>
        <source>Save, and keep the choices for a similar visit (Ctrl+Shift+Enter)</source>
        <translation>Tallenna ja säilytä valinnat samanlaista käyntiä varten (Ctrl+Shift+Enter)</translation>
    </message>
    <message>
        <source>Save and ask</source>
        <translation>Tallenna ja kysy</translation>
    </message>
    <message>
        <source>Save, then turn the screen to the visitor: did they get the help they needed? (Ctrl+Alt+Enter)</source>
        <translation>Tallenna ja käännä näyttö kävijälle: saiko hän tarvitsemansa avun? (Ctrl+Alt+Enter)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Peruuta</translation>
    </message>
    <message>
        <source>Leave the visit as it was (Esc)</source>
        <translation>Jätä käynti ennalleen (Esc)</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Kumoa</translation>
    </message>
    <message>
        <source>Today&apos;s visits</source>
        <translation>Tämän päivän käynnit</translation>
    </message>
    <message>
        <source>today</source>
        <translation>tänään</translation>
    </message>
    <message>
        <source>this week</source>
        <translation>tällä viikolla</translation>
    </message>
    <message>
        <source>No visits logged today yet.
Each saved visit appears here.</source>
        <translation>Tänään ei ole vielä kirjattu käyntejä.
Jokainen tallennettu käynti näkyy tässä.</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Muokkaa</translation>
    </message>
    <message>
        <source>Load the selected visit into the form to correct it (Enter)</source>
        <translation>Avaa valittu käynti lomakkeelle korjattavaksi (Enter)</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Poista…</translation>
    </message>
    <message>
        <source>Delete the selected visit</source>
        <translation>Poista valittu käynti</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>Tallenna muutokset</translation>
    </message>
    <message>
        <source>Save visit</source>
        <translation>Tallenna käynti</translation>
    </message>
    <message>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <source>Close the session left open (above) to log new visits.</source>
        <translation>Sulje auki jäänyt vuoro (yllä), niin voit kirjata uusia käyntejä.</translation>
    </message>
    <message>
        <source>Start a desk session (above) to log visits.</source>
        <translation>Aloita neuvontavuoro (yllä), niin voit kirjata käyntejä.</translation>
    </message>
    <message>
        <source>Nothing to undo</source>
        <translation>Ei kumottavaa</translation>
    </message>
    <message>
        <source>Remove the visit just saved (Ctrl+Z)</source>
        <translation>Poista juuri tallennettu käynti (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Put back the visit as it was before the correction (Ctrl+Z)</source>
        <translation>Palauta käynti sellaiseksi kuin se oli ennen korjausta (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Restore the deleted visit (Ctrl+Z)</source>
        <translation>Palauta poistettu käynti (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Not saved: this site does not ask the exit question (Settings → Sites). Ctrl+Enter saves.</source>
        <translation>Ei tallennettu: tässä toimipisteessä ei kysytä loppukysymystä (Asetukset → Toimipisteet). Ctrl+Enter tallentaa.</translation>
    </message>
    <message>
        <source>Not saved: choose at least a topic, the language or what was done.</source>
        <translation>Ei tallennettu: valitse ainakin aihe, kieli tai mitä tehtiin.</translation>
    </message>
    <message>
        <source>Already saved. To log one more visit like it, press again in a moment.</source>
        <translation>Jo tallennettu. Jos haluat kirjata toisen samanlaisen käynnin, paina hetken päästä uudelleen.</translation>
    </message>
    <message>
        <source>Visit saved</source>
        <translation>Käynti tallennettu</translation>
    </message>
    <message>
        <source>The visitor&apos;s answer is counted</source>
        <translation>Kävijän vastaus on laskettu</translation>
    </message>
    <message>
        <source>Changes saved</source>
        <translation>Muutokset tallennettu</translation>
    </message>
    <message>
        <source>Not saved: check the note.</source>
        <translation>Ei tallennettu: tarkista muistiinpano.</translation>
    </message>
    <message>
        <source>Visit removed</source>
        <translation>Käynti poistettu</translation>
    </message>
    <message>
        <source>Visit removed; its choices are back in the form</source>
        <translation>Käynti poistettu; sen valinnat palautettiin lomakkeelle</translation>
    </message>
    <message>
        <source>Correction undone</source>
        <translation>Korjaus kumottu</translation>
    </message>
    <message>
        <source>Visit restored</source>
        <translation>Käynti palautettu</translation>
    </message>
    <message>
        <source>Correcting the visit of %1. Change what is wrong, then Save changes (Ctrl+Enter) or Cancel (Esc).</source>
        <translation>Korjataan käyntiä klo %1. Muuta virheelliset kohdat ja valitse Tallenna muutokset (Ctrl+Enter) tai Peruuta (Esc).</translation>
    </message>
    <message>
        <source>Delete visit</source>
        <translation>Poista käynti</translation>
    </message>
    <message>
        <source>Delete the visit of %1?</source>
        <translation>Poistetaanko käynti klo %1?</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Poista</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Säilytä</translation>
    </message>
    <message>
        <source>Visit deleted</source>
        <translation>Käynti poistettu</translation>
    </message>
    <message>
        <source>Ctrl+Enter save · Ctrl+Alt+Enter save and ask · Ctrl+Z undo</source>
        <translation>Ctrl+Enter tallentaa · Ctrl+Alt+Enter tallentaa ja kysyy · Ctrl+Z kumoaa</translation>
    </message>
    <message>
        <source>Ctrl+Enter save · Ctrl+Shift+Enter keep choices · Ctrl+Z undo</source>
        <translation>Ctrl+Enter tallentaa · Ctrl+Shift+Enter säilyttää valinnat · Ctrl+Z kumoaa</translation>
    </message>
</context>
<context>
    <name>DirectoryScreen</name>
    <message>
        <source>Service directory</source>
        <translation>Palveluhakemisto</translation>
    </message>
    <message>
        <source>Search services</source>
        <translation>Hae palveluita</translation>
    </message>
    <message>
        <source>Service details</source>
        <translation>Palvelun tiedot</translation>
    </message>
    <message>
        <source>Services found</source>
        <translation>Löydetyt palvelut</translation>
    </message>
    <message>
        <source>Our note about this service</source>
        <translation>Oma muistiinpanomme palvelusta</translation>
    </message>
    <message>
        <source>Topic filter</source>
        <translation>Aiherajaus</translation>
    </message>
    <message>
        <source>Language filter</source>
        <translation>Kielirajaus</translation>
    </message>
    <message>
        <source>Search services: name, topic, place… (Ctrl+F)</source>
        <translation>Hae palveluita: nimi, aihe, paikka… (Ctrl+F)</translation>
    </message>
    <message>
        <source>Open now</source>
        <translation>Auki nyt</translation>
    </message>
    <message>
        <source>No appointment</source>
        <translation>Ei ajanvarausta</translation>
    </message>
    <message>
        <source>Only services the source says need no appointment (drop-in)</source>
        <translation>Vain palvelut, joihin lähteen mukaan ei tarvita ajanvarausta (voi tulla suoraan)</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Maksuton</translation>
    </message>
    <message>
        <source>Only services the source says cost nothing</source>
        <translation>Vain palvelut, jotka lähteen mukaan ovat maksuttomia</translation>
    </message>
    <message>
        <source>Under 30s</source>
        <translation>Alle 30-v.</translation>
    </message>
    <message>
        <source>Only services for young people (an age limit of 30 or less)</source>
        <translation>Vain nuorten palvelut (yläikäraja enintään 30 vuotta)</translation>
    </message>
    <message>
        <source>Add service…</source>
        <translation>Lisää palvelu…</translation>
    </message>
    <message>
        <source>Add a service that is not in the directory, e.g. an NGO&apos;s weekly drop-in</source>
        <translation>Lisää palvelu, jota hakemistossa ei ole, esim. järjestön viikoittainen päivystys</translation>
    </message>
    <message>
        <source>Refer</source>
        <translation>Ohjaa</translation>
    </message>
    <message>
        <source>Record this service as the referral of the visit on the Desk screen</source>
        <translation>Kirjaa tämä palvelu ohjauskohteeksi neuvontapisteen käynnille</translation>
    </message>
    <message>
        <source>Handout…</source>
        <translation>Tuloste…</translation>
    </message>
    <message>
        <source>Print, save or show the selected services in the visitor&apos;s language (Ctrl+P)</source>
        <translation>Tulosta, tallenna tai näytä valitut palvelut asiakkaan kielellä (Ctrl+P)</translation>
    </message>
    <message>
        <source>Checked today</source>
        <translation>Tarkistettu tänään</translation>
    </message>
    <message>
        <source>The details were confirmed today</source>
        <translation>Tiedot on varmistettu tänään</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Muokkaa…</translation>
    </message>
    <message>
        <source>Wrong?…</source>
        <translation>Virhe?…</translation>
    </message>
    <message>
        <source>Tell the coordinator that this entry is wrong or out of date (sent with the next sync)</source>
        <translation>Kerro koordinaattorille, että tieto on väärä tai vanhentunut (lähtee seuraavassa synkronoinnissa)</translation>
    </message>
    <message>
        <source>Our note about this service, e.g. call ahead for Somali</source>
        <translation>Oma muistiinpano palvelusta, esim. soita etukäteen somalin kielen takia</translation>
    </message>
    <message>
        <source>Save note</source>
        <translation>Tallenna muistiinpano</translation>
    </message>
    <message>
        <source>The source has a new version of this entry, which you have edited here. Which one is right?</source>
        <translation>Lähteessä on uusi versio tästä tiedosta, jota olette muokanneet täällä. Kumpi on oikein?</translation>
    </message>
    <message>
        <source>Take the new version</source>
        <translation>Ota uusi versio</translation>
    </message>
    <message>
        <source>Keep ours</source>
        <translation>Pidä omamme</translation>
    </message>
    <message>
        <source>All topics</source>
        <translation>Kaikki aiheet</translation>
    </message>
    <message>
        <source>Any language</source>
        <translation>Mikä tahansa kieli</translation>
    </message>
    <message>
        <source>Given in %1</source>
        <translation>Palvelukieli: %1</translation>
    </message>
    <message>
        <source>No services match “%1”. Try fewer letters, another word or fewer filters.</source>
        <translation>Haulla ”%1” ei löytynyt palveluita. Kokeile lyhyempää hakua, toista sanaa tai vähemmän rajauksia.</translation>
    </message>
    <message>
        <source>No services match these filters.</source>
        <translation>Näillä rajauksilla ei löytynyt palveluita.</translation>
    </message>
    <message>
        <source>Services shown: %1</source>
        <translation>Näytetään palveluita: %1</translation>
    </message>
    <message>
        <source>No services match.</source>
        <translation>Yksikään palvelu ei vastaa hakua.</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>Poista kiinnitys</translation>
    </message>
    <message>
        <source>Pin for this site</source>
        <translation>Kiinnitä tälle toimipisteelle</translation>
    </message>
    <message>
        <source>Marked as checked today.</source>
        <translation>Merkitty tänään tarkistetuksi.</translation>
    </message>
    <message>
        <source>Note saved.</source>
        <translation>Muistiinpano tallennettu.</translation>
    </message>
    <message>
        <source>The new version is in use.</source>
        <translation>Uusi versio on käytössä.</translation>
    </message>
    <message>
        <source>Our version is kept.</source>
        <translation>Oma versiomme säilytetään.</translation>
    </message>
    <message>
        <source>Service added.</source>
        <translation>Palvelu lisätty.</translation>
    </message>
    <message>
        <source>Changes saved.</source>
        <translation>Muutokset tallennettu.</translation>
    </message>
    <message>
        <source>Flag saved: the coordinator gets it with the next sync.</source>
        <translation>Ilmoitus tallennettu: koordinaattori saa sen seuraavassa synkronoinnissa.</translation>
    </message>
</context>
<context>
    <name>EntryView</name>
    <message>
        <source>Choose a service on the left to see its details.</source>
        <translation>Valitse palvelu vasemmalta nähdäksesi sen tiedot.</translation>
    </message>
    <message>
        <source>Notice: %1</source>
        <translation>Huomio: %1</translation>
    </message>
    <message>
        <source>The source no longer lists this service.</source>
        <translation>Lähde ei enää listaa tätä palvelua.</translation>
    </message>
    <message>
        <source>never</source>
        <translation>ei koskaan</translation>
    </message>
    <message>
        <source>Possibly out of date: last checked %1.</source>
        <translation>Voi olla vanhentunut: tarkistettu viimeksi %1.</translation>
    </message>
    <message>
        <source>Open now</source>
        <translation>Auki nyt</translation>
    </message>
    <message>
        <source>Closed now</source>
        <translation>Suljettu nyt</translation>
    </message>
    <message>
        <source>A phone service line</source>
        <translation>Puhelinpalvelu</translation>
    </message>
    <message>
        <source>An e-service (on the web)</source>
        <translation>Verkkoasiointi</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Asiointikanava</translation>
    </message>
    <message>
        <source>Fax</source>
        <translation>Faksi</translation>
    </message>
    <message>
        <source>Text message</source>
        <translation>Tekstiviesti</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Puhelin</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>Sähköposti</translation>
    </message>
    <message>
        <source>Web</source>
        <translation>Verkko</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Osoite</translation>
    </message>
    <message>
        <source>Every day</source>
        <translation>Joka päivä</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Auki</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Kielet</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Aiheet</translation>
    </message>
    <message>
        <source>Belongs with</source>
        <translation>Liittyy</translation>
    </message>
    <message>
        <source>Last checked</source>
        <translation>Tarkistettu viimeksi</translation>
    </message>
    <message>
        <source>Our note</source>
        <translation>Oma muistiinpano</translation>
    </message>
    <message>
        <source>For</source>
        <translation>Kenelle</translation>
    </message>
    <message>
        <source>Not for</source>
        <translation>Ei kenelle / ei tee</translation>
    </message>
    <message>
        <source>How to get it</source>
        <translation>Näin palveluun pääsee</translation>
    </message>
    <message>
        <source>Appointment needed</source>
        <translation>Ajanvaraus tarvitaan</translation>
    </message>
    <message>
        <source>No appointment needed</source>
        <translation>Ajanvarausta ei tarvita</translation>
    </message>
    <message>
        <source>Appointment</source>
        <translation>Ajanvaraus</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Maksuton</translation>
    </message>
    <message>
        <source>Costs something</source>
        <translation>Maksullinen</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Hinta</translation>
    </message>
    <message>
        <source>Documents to bring</source>
        <translation>Mukaan otettavat asiakirjat</translation>
    </message>
    <message>
        <source>Interpreting</source>
        <translation>Tulkkaus</translation>
    </message>
    <message>
        <source>%1–%2 years</source>
        <translation>%1–%2-vuotiaat</translation>
    </message>
    <message>
        <source>up to %1 years</source>
        <translation>enintään %1-vuotiaat</translation>
    </message>
    <message>
        <source>from %1 years</source>
        <translation>vähintään %1-vuotiaat</translation>
    </message>
    <message>
        <source>Ages</source>
        <translation>Ikä</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Too many wrong attempts. Try again in %1 seconds.</source>
        <translation>Liian monta väärää yritystä. Yritä uudelleen %1 sekunnin kuluttua.</translation>
    </message>
    <message>
        <source>Wrong passphrase. Check the keyboard layout and Caps Lock.</source>
        <translation>Väärä tunnuslause. Tarkista näppäimistön kieli ja Caps Lock.</translation>
    </message>
    <message>
        <source>That recovery key does not open this store. Check it letter by letter.</source>
        <translation>Tämä palautusavain ei avaa näitä tietoja. Tarkista se merkki merkiltä.</translation>
    </message>
    <message>
        <source>The passphrase is too easy to guess. Use at least 10 characters, e.g. several unrelated words.</source>
        <translation>Tunnuslause on liian helppo arvata. Käytä vähintään 10 merkkiä, esimerkiksi useita toisiinsa liittymättömiä sanoja.</translation>
    </message>
    <message>
        <source>a personal identity code</source>
        <translation>henkilötunnuksen</translation>
    </message>
    <message>
        <source>a phone number</source>
        <translation>puhelinnumeron</translation>
    </message>
    <message>
        <source>an e-mail address</source>
        <translation>sähköpostiosoitteen</translation>
    </message>
    <message>
        <source>a birth date</source>
        <translation>syntymäajan</translation>
    </message>
    <message>
        <source>a street address</source>
        <translation>katuosoitteen</translation>
    </message>
    <message>
        <source>The note seems to contain %1. Notes must never identify a visitor: remove it and save again. Nothing was saved.</source>
        <translation>Muistiinpano näyttää sisältävän %1. Muistiinpanosta ei saa voida tunnistaa asiakasta: poista se ja tallenna uudelleen. Mitään ei tallennettu.</translation>
    </message>
    <message>
        <source>The disk is full. Free some space and try again; nothing was saved.</source>
        <translation>Levy on täynnä. Vapauta tilaa ja yritä uudelleen; mitään ei tallennettu.</translation>
    </message>
    <message>
        <source>This choice is not in the code lists in use (%(code)s). Choose another.</source>
        <translation>Tätä valintaa ei ole käytössä olevissa koodilistoissa (%(code)s). Valitse toinen.</translation>
    </message>
    <message>
        <source>The number of participants must be a whole number.</source>
        <translation>Osallistujamäärän on oltava kokonaisluku.</translation>
    </message>
    <message>
        <source>A group session has 1 to %(maximum)s participants.</source>
        <translation>Ryhmäinfossa on 1–%(maximum)s osallistujaa.</translation>
    </message>
    <message>
        <source>Only a group info session has several participants.</source>
        <translation>Vain ryhmäinfossa voi olla useita osallistujia.</translation>
    </message>
    <message>
        <source>A visit cannot be in the future. Check the time.</source>
        <translation>Käynti ei voi olla tulevaisuudessa. Tarkista aika.</translation>
    </message>
    <message>
        <source>Week %(week)s was already sent and its visits removed after the retention period; it can no longer be changed.</source>
        <translation>Viikko %(week)s on jo lähetetty ja sen käynnit poistettu säilytysajan jälkeen; sitä ei voi enää muuttaa.</translation>
    </message>
    <message>
        <source>&apos;%(text)s&apos; is not an ISO week like 2026-W47.</source>
        <translation>&apos;%(text)s&apos; ei ole ISO-viikko, kuten 2026-W47.</translation>
    </message>
    <message>
        <source>%(year)s has no week %(week)s.</source>
        <translation>Vuodessa %(year)s ei ole viikkoa %(week)s.</translation>
    </message>
    <message>
        <source>&apos;%(text)s&apos; is outside the ISO years %(first)s–%(last)s.</source>
        <translation>&apos;%(text)s&apos; on ISO-vuosien %(first)s–%(last)s ulkopuolella.</translation>
    </message>
    <message>
        <source>The range ends (%(last)s) before it starts (%(first)s).</source>
        <translation>Jakso päättyy (%(last)s) ennen kuin se alkaa (%(first)s).</translation>
    </message>
    <message>
        <source>&apos;%(code)s&apos; is not a language code Neuvo knows.</source>
        <translation>&apos;%(code)s&apos; ei ole Neuvon tuntema kielikoodi.</translation>
    </message>
    <message>
        <source>The site needs a name.</source>
        <translation>Toimipisteelle tarvitaan nimi.</translation>
    </message>
    <message>
        <source>The site name is too long (200 characters at most).</source>
        <translation>Toimipisteen nimi on liian pitkä (enintään 200 merkkiä).</translation>
    </message>
    <message>
        <source>There is already a site called %(name)s.</source>
        <translation>Toimipiste nimeltä %(name)s on jo olemassa.</translation>
    </message>
    <message>
        <source>There is no site called %(name)s.</source>
        <translation>Toimipistettä nimeltä %(name)s ei ole.</translation>
    </message>
    <message>
        <source>That site no longer exists.</source>
        <translation>Toimipistettä ei enää ole.</translation>
    </message>
    <message>
        <source>Choose a weekday for the slot.</source>
        <translation>Valitse vuorolle viikonpäivä.</translation>
    </message>
    <message>
        <source>The end time must be after the start time.</source>
        <translation>Päättymisajan on oltava alkamisajan jälkeen.</translation>
    </message>
    <message>
        <source>&apos;%(text)s&apos; is not a time like 12:00.</source>
        <translation>&apos;%(text)s&apos; ei ole kellonaika, kuten 12:00.</translation>
    </message>
    <message>
        <source>A desk session is already open: end it first.</source>
        <translation>Päivystys on jo auki: lopeta se ensin.</translation>
    </message>
    <message>
        <source>The session must end after it starts.</source>
        <translation>Vuoron on päätyttävä alkamisensa jälkeen.</translation>
    </message>
    <message>
        <source>The session must be over: its end is still to come.</source>
        <translation>Vuoron on oltava päättynyt: sen loppu on vasta tulossa.</translation>
    </message>
    <message>
        <source>Give a whole number.</source>
        <translation>Anna kokonaisluku.</translation>
    </message>
    <message>
        <source>The value must be at least %(minimum)s.</source>
        <translation>Arvon on oltava vähintään %(minimum)s.</translation>
    </message>
    <message>
        <source>The value must be at most %(maximum)s.</source>
        <translation>Arvon on oltava enintään %(maximum)s.</translation>
    </message>
    <message>
        <source>&apos;%(address)s&apos; is not a server address like https://stats.example.fi.</source>
        <translation>&apos;%(address)s&apos; ei ole palvelimen osoite, kuten https://stats.example.fi.</translation>
    </message>
    <message>
        <source>The address must not contain &apos;?&apos; or &apos;#&apos;.</source>
        <translation>Osoitteessa ei saa olla merkkejä &apos;?&apos; tai &apos;#&apos;.</translation>
    </message>
    <message>
        <source>The address must not contain a user name or password.</source>
        <translation>Osoitteessa ei saa olla käyttäjänimeä tai salasanaa.</translation>
    </message>
    <message>
        <source>Plain http to %(host)s would send the counts unencrypted; use an https address.</source>
        <translation>Pelkkä http osoitteeseen %(host)s lähettäisi luvut salaamatta; käytä https-osoitetta.</translation>
    </message>
    <message>
        <source>That is not a proxy address. It looks like http://proxy.city.fi:8080.</source>
        <translation>Tämä ei ole välityspalvelimen osoite. Osoite on muotoa http://proxy.kaupunki.fi:8080.</translation>
    </message>
    <message>
        <source>The CA bundle file cannot be read.</source>
        <translation>CA-varmennetiedostoa ei voi lukea.</translation>
    </message>
    <message>
        <source>The file is not a PEM certificate bundle.</source>
        <translation>Tiedosto ei ole PEM-varmennetiedosto.</translation>
    </message>
    <message>
        <source>An enrollment code has 12 letters and digits, as the coordinator gave it.</source>
        <translation>Liittämiskoodissa on 12 kirjainta ja numeroa, kuten koordinaattori sen antoi.</translation>
    </message>
    <message>
        <source>This data was saved by a newer version of Neuvo. Update Neuvo to open it. Nothing was changed.</source>
        <translation>Tiedot on tallennettu Neuvon uudemmalla versiolla. Päivitä Neuvo avataksesi ne. Mitään ei muutettu.</translation>
    </message>
    <message>
        <source>Neuvo is locked. Unlock it and try again.</source>
        <translation>Neuvo on lukittu. Avaa lukitus ja yritä uudelleen.</translation>
    </message>
    <message>
        <source>The data is in use by another Neuvo window or command. Try again in a moment.</source>
        <translation>Tiedot ovat toisen Neuvo-ikkunan tai -komennon käytössä. Yritä hetken päästä uudelleen.</translation>
    </message>
    <message>
        <source>The folder %(folder)s holds Neuvo&apos;s data but not its key file (neuvo.key). Put the key file back from your backup copy; nothing was changed.</source>
        <translation>Kansiossa %(folder)s on Neuvon tiedot mutta ei niiden avaintiedostoa (neuvo.key). Palauta avaintiedosto varmuuskopiosta; mitään ei muutettu.</translation>
    </message>
    <message>
        <source>There is no Neuvo data in %(folder)s.</source>
        <translation>Kansiossa %(folder)s ei ole Neuvon tietoja.</translation>
    </message>
    <message>
        <source>The key file is damaged. Put back the copy from your backup, or use the recovery key. Nothing was changed.</source>
        <translation>Avaintiedosto on vahingoittunut. Palauta kopio varmuuskopiosta tai käytä palautusavainta. Mitään ei muutettu.</translation>
    </message>
    <message>
        <source>The database file is missing. Restore it from your backup copy.</source>
        <translation>Tietokantatiedosto puuttuu. Palauta se varmuuskopiosta.</translation>
    </message>
    <message>
        <source>The database file is empty: it was damaged or cut short. Restore it from your backup copy; nothing was changed.</source>
        <translation>Tietokantatiedosto on tyhjä: se on vahingoittunut tai katkennut. Palauta se varmuuskopiosta; mitään ei muutettu.</translation>
    </message>
    <message>
        <source>The data cannot be read; it may be damaged. Nothing was changed.</source>
        <translation>Tietoja ei voi lukea; ne voivat olla vahingoittuneet. Mitään ei muutettu.</translation>
    </message>
    <message>
        <source>The disk did not let Neuvo read or write its data (it may be full, removed or failing). Nothing was changed.</source>
        <translation>Levy ei antanut Neuvon lukea tai kirjoittaa tietojaan (levy voi olla täynnä, irrotettu tai viallinen). Mitään ei muutettu.</translation>
    </message>
    <message>
        <source>Neuvo may not open its data file. Check the folder&apos;s permissions and free space.</source>
        <translation>Neuvo ei saa avata tietotiedostoaan. Tarkista kansion käyttöoikeudet ja vapaa tila.</translation>
    </message>
    <message>
        <source>A file of Neuvo&apos;s data cannot be written or read (%(problem)s). Nothing was changed.</source>
        <translation>Neuvon tietotiedostoa ei voi kirjoittaa tai lukea (%(problem)s). Mitään ei muutettu.</translation>
    </message>
    <message>
        <source>%(path)s is open in another program (such as Excel or a PDF viewer) or is read-only. Close the file in the other program and save again; nothing was written.</source>
        <translation>%(path)s on auki toisessa ohjelmassa (esimerkiksi Excelissä tai PDF-lukijassa) tai vain luku -tilassa. Sulje tiedosto toisessa ohjelmassa ja tallenna uudelleen; mitään ei kirjoitettu.</translation>
    </message>
    <message>
        <source>The database refused the change; nothing was saved. Please tell your coordinator.</source>
        <translation>Tietokanta ei hyväksynyt muutosta; mitään ei tallennettu. Kerro asiasta koordinaattorille.</translation>
    </message>
    <message>
        <source>Something went wrong: %1</source>
        <translation>Jokin meni vikaan: %1</translation>
    </message>
    <message>
        <source>Neuvo</source>
        <translation>Neuvo</translation>
    </message>
    <message>
        <source>Neuvo: unexpected error</source>
        <translation>Neuvo: odottamaton virhe</translation>
    </message>
    <message>
        <source>Neuvo hit an unexpected error. Your saved visits are safe. Please send the details below to your coordinator.</source>
        <translation>Neuvossa tapahtui odottamaton virhe. Tallennetut käynnit ovat tallessa. Lähetä alla olevat tiedot koordinaattorillesi.</translation>
    </message>
</context>
<context>
    <name>FlagDialog</name>
    <message>
        <source>Entry wrong or out of date</source>
        <translation>Tieto väärä tai vanhentunut</translation>
    </message>
    <message>
        <source>What is wrong with “%1”? A few words for the coordinator; nothing about the visitor.</source>
        <translation>Mikä palvelun ”%1” tiedoissa on vialla? Muutama sana koordinaattorille; ei mitään asiakkaasta.</translation>
    </message>
    <message>
        <source>e.g. moved to a new address, phone number no longer works</source>
        <translation>esim. muuttanut uuteen osoitteeseen, puhelinnumero ei enää toimi</translation>
    </message>
    <message>
        <source>What is wrong</source>
        <translation>Mikä on vialla</translation>
    </message>
    <message>
        <source>Save flag</source>
        <translation>Tallenna ilmoitus</translation>
    </message>
</context>
<context>
    <name>GeneralTab</name>
    <message>
        <source>Interface language</source>
        <translation>Käyttöliittymän kieli</translation>
    </message>
    <message>
        <source>Neuvo switches to the chosen language right away.</source>
        <translation>Neuvo vaihtaa valitulle kielelle heti.</translation>
    </message>
    <message>
        <source>Lock when idle after</source>
        <translation>Lukitse, kun käyttämättä</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Neuvo locks itself when nobody has used it for this long; unlocking needs the passphrase. A short time protects the data when the desk is left unattended.</source>
        <translation>Neuvo lukitsee itsensä, kun kukaan ei ole käyttänyt sitä näin pitkään; lukituksen avaamiseen tarvitaan tunnuslause. Lyhyt aika suojaa tietoja, kun piste jää ilman valvontaa.</translation>
    </message>
    <message>
        <source>Saved: Neuvo locks after %1 min without use.</source>
        <translation>Tallennettu: Neuvo lukittuu %1 min käyttämättömänä.</translation>
    </message>
</context>
<context>
    <name>HandoutDialog</name>
    <message>
        <source>Close the handout</source>
        <translation>Sulje tuloste</translation>
    </message>
    <message>
        <source>The next steps you typed are not saved anywhere. Close and discard them?</source>
        <translation>Kirjoittamiasi jatkotoimia ei tallenneta mihinkään. Suljetaanko ja hylätäänkö ne?</translation>
    </message>
    <message>
        <source>Discard and close</source>
        <translation>Hylkää ja sulje</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>Jatka muokkausta</translation>
    </message>
    <message>
        <source>Handout</source>
        <translation>Tuloste asiakkaalle</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Kieli</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>Asettelu</translation>
    </message>
    <message>
        <source>Next steps</source>
        <translation>Seuraavat vaiheet</translation>
    </message>
    <message>
        <source>A4 page (1–3 services)</source>
        <translation>A4-sivu (1–3 palvelua)</translation>
    </message>
    <message>
        <source>Cut-out cards (8 per page)</source>
        <translation>Leikattavat kortit (8 sivulla)</translation>
    </message>
    <message>
        <source>What was agreed, who does what, by when. Printed only, never saved.</source>
        <translation>Mitä sovittiin, kuka tekee mitä ja mihin mennessä. Vain tulosteeseen, ei tallenneta.</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Tulosta…</translation>
    </message>
    <message>
        <source>Print with a preview (Ctrl+P)</source>
        <translation>Tulosta esikatselun kautta (Ctrl+P)</translation>
    </message>
    <message>
        <source>Save PDF…</source>
        <translation>Tallenna PDF…</translation>
    </message>
    <message>
        <source>Save the handout as a PDF file (Ctrl+S)</source>
        <translation>Tallenna tuloste PDF-tiedostoksi (Ctrl+S)</translation>
    </message>
    <message>
        <source>Show on screen</source>
        <translation>Näytä näytöllä</translation>
    </message>
    <message>
        <source>Full screen, for the visitor to photograph or scan the codes</source>
        <translation>Koko näytöllä, jotta asiakas voi valokuvata tai skannata koodit</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Sulje</translation>
    </message>
    <message>
        <source>Pages: %1</source>
        <translation>Sivuja: %1</translation>
    </message>
    <message>
        <source>Save handout</source>
        <translation>Tallenna tuloste</translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation>Tiedostoa %1 ei voitu tallentaa: %2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Tallennettu %1</translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <source>Welcome to Neuvo</source>
        <translation>Tervetuloa Neuvoon</translation>
    </message>
    <message>
        <source>Choose the language of the app. You can change it later in the settings.</source>
        <translation>Valitse sovelluksen kieli. Voit vaihtaa sen myöhemmin asetuksista.</translation>
    </message>
</context>
<context>
    <name>LanguagePicker</name>
    <message>
        <source>Other language: type its name or code…</source>
        <translation>Muu kieli: kirjoita nimi tai koodi…</translation>
    </message>
    <message>
        <source>%1: another language</source>
        <translation>%1: muu kieli</translation>
    </message>
    <message>
        <source>Other language</source>
        <translation>Muu kieli</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Neuvo</source>
        <translation>Neuvo</translation>
    </message>
    <message>
        <source>Desk</source>
        <translation>Neuvontapiste</translation>
    </message>
    <message>
        <source>Log visits (Ctrl+1)</source>
        <translation>Kirjaa käyntejä (Ctrl+1)</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Tilastot</translation>
    </message>
    <message>
        <source>Weekly counts and exports (Ctrl+2)</source>
        <translation>Viikkotilastot ja viennit (Ctrl+2)</translation>
    </message>
    <message>
        <source>Directory</source>
        <translation>Palveluhakemisto</translation>
    </message>
    <message>
        <source>Find the right service, offline (Ctrl+3, then Ctrl+F)</source>
        <translation>Löydä oikea palvelu ilman verkkoa (Ctrl+3, sitten Ctrl+F)</translation>
    </message>
    <message>
        <source>Paper tally…</source>
        <translation>Paperilomake…</translation>
    </message>
    <message>
        <source>Enter visits afterwards from a paper tally sheet</source>
        <translation>Kirjaa käynnit jälkikäteen paperilomakkeelta</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Asetukset…</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Ohje</translation>
    </message>
    <message>
        <source>About Neuvo… (F1)</source>
        <translation>Tietoja Neuvosta… (F1)</translation>
    </message>
    <message>
        <source>Lock (Ctrl+L)</source>
        <translation>Lukitse (Ctrl+L)</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Synkronoi nyt</translation>
    </message>
    <message>
        <source>Send the waiting weeks to the server now</source>
        <translation>Lähetä odottavat viikot palvelimelle nyt</translation>
    </message>
    <message>
        <source>Connect…</source>
        <translation>Yhdistä…</translation>
    </message>
    <message>
        <source>Connect this laptop to a statistics server (Settings → Sync)</source>
        <translation>Yhdistä tämä kone tilastopalvelimeen (Asetukset → Synkronointi)</translation>
    </message>
</context>
<context>
    <name>NewPassphraseFields</name>
    <message>
        <source>New passphrase</source>
        <translation>Uusi tunnuslause</translation>
    </message>
    <message>
        <source>Again</source>
        <translation>Uudelleen</translation>
    </message>
    <message>
        <source>New passphrase again</source>
        <translation>Uusi tunnuslause uudelleen</translation>
    </message>
    <message>
        <source>At least 10 characters. Several unrelated words are easy to type and hard to guess.</source>
        <translation>Vähintään 10 merkkiä. Useat toisiinsa liittymättömät sanat on helppo kirjoittaa ja vaikea arvata.</translation>
    </message>
    <message>
        <source>Too easy to guess: make it longer or less predictable.</source>
        <translation>Liian helppo arvata: tee siitä pidempi tai vaikeammin ennustettava.</translation>
    </message>
    <message>
        <source>Strong enough. Type it again below.</source>
        <translation>Riittävän vahva. Kirjoita se uudelleen alle.</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Tunnuslauseet eroavat toisistaan.</translation>
    </message>
    <message>
        <source>Strong enough, and the two match.</source>
        <translation>Riittävän vahva, ja molemmat täsmäävät.</translation>
    </message>
</context>
<context>
    <name>PaperEntryDialog</name>
    <message>
        <source>Visits from a paper tally sheet</source>
        <translation>Käynnit paperilomakkeelta</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Vuoro</translation>
    </message>
    <message>
        <source>A session not yet in Neuvo</source>
        <translation>Vuoro, jota ei vielä ole Neuvossa</translation>
    </message>
    <message>
        <source>A session already in Neuvo</source>
        <translation>Vuoro, joka on jo Neuvossa</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Toimipiste</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Päivämäärä</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Aika</translation>
    </message>
    <message>
        <source>Staff present</source>
        <translation>Paikalla olleet työntekijät</translation>
    </message>
    <message>
        <source>Partner organisation</source>
        <translation>Yhteistyöjärjestö</translation>
    </message>
    <message>
        <source>to</source>
        <translation>–</translation>
    </message>
    <message>
        <source>Session started at</source>
        <translation>Vuoro alkoi klo</translation>
    </message>
    <message>
        <source>Session ended at</source>
        <translation>Vuoro päättyi klo</translation>
    </message>
    <message>
        <source>First names or initials (optional)</source>
        <translation>Etunimet tai nimikirjaimet (valinnainen)</translation>
    </message>
    <message>
        <source>e.g. Monik ry (optional)</source>
        <translation>esim. Monik ry (valinnainen)</translation>
    </message>
    <message>
        <source>No ended sessions yet.</source>
        <translation>Päättyneitä vuoroja ei vielä ole.</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>Käynti</translation>
    </message>
    <message>
        <source>Time of day</source>
        <translation>Kellonaika</translation>
    </message>
    <message>
        <source>How many identical visits</source>
        <translation>Montako samanlaista käyntiä</translation>
    </message>
    <message>
        <source>Add to list</source>
        <translation>Lisää listaan</translation>
    </message>
    <message>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <source>Fill in a visit on the left and press Add to list. Nothing is saved until you press Save all.</source>
        <translation>Täytä käynti vasemmalla ja valitse Lisää listaan. Mitään ei tallenneta ennen kuin valitset Tallenna kaikki.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Peruuta</translation>
    </message>
    <message>
        <source>The session must end after it starts.</source>
        <translation>Vuoron on päätyttävä alkamisensa jälkeen.</translation>
    </message>
    <message>
        <source>The session must be over: its end is still to come.</source>
        <translation>Vuoron on oltava päättynyt: sen loppu on vasta tulossa.</translation>
    </message>
    <message>
        <source>Choose the session.</source>
        <translation>Valitse vuoro.</translation>
    </message>
    <message>
        <source>Added. Fill in the next one.</source>
        <translation>Lisätty. Täytä seuraava.</translation>
    </message>
    <message>
        <source>Remove from the list</source>
        <translation>Poista listalta</translation>
    </message>
    <message>
        <source>Visits to save: %1</source>
        <translation>Tallennettavia käyntejä: %1</translation>
    </message>
    <message>
        <source>Save all (%1)</source>
        <translation>Tallenna kaikki (%1)</translation>
    </message>
    <message>
        <source>Save all</source>
        <translation>Tallenna kaikki</translation>
    </message>
    <message>
        <source>Discard the list?</source>
        <translation>Hylätäänkö lista?</translation>
    </message>
    <message>
        <source>Visits on the list that are not saved yet: %1. Discard them?</source>
        <translation>Listalla on tallentamattomia käyntejä: %1. Hylätäänkö ne?</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Hylkää</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>Jatka muokkaamista</translation>
    </message>
</context>
<context>
    <name>PassphrasePage</name>
    <message>
        <source>Desk passphrase</source>
        <translation>Pisteen tunnuslause</translation>
    </message>
    <message>
        <source>Everything Neuvo stores on this laptop is encrypted with it.</source>
        <translation>Kaikki, mitä Neuvo tallentaa tälle koneelle, salataan sillä.</translation>
    </message>
    <message>
        <source>Everyone who works at this desk uses this passphrase to unlock Neuvo. Neuvo locks itself when it is not used for a while.</source>
        <translation>Kaikki tässä pisteessä työskentelevät avaavat Neuvon tällä tunnuslauseella. Neuvo lukitsee itsensä, kun sitä ei käytetä hetkeen.</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Luo</translation>
    </message>
</context>
<context>
    <name>PendingModel</name>
    <message>
        <source>Time</source>
        <translation>Aika</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Määrä</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>Käynti</translation>
    </message>
    <message>
        <source>(no topic)</source>
        <translation>(ei aihetta)</translation>
    </message>
    <message>
        <source>Group of %1</source>
        <translation>%1 hengen ryhmä</translation>
    </message>
</context>
<context>
    <name>RecoveryPage</name>
    <message>
        <source>Recovery key</source>
        <translation>Palautusavain</translation>
    </message>
    <message>
        <source>Shown only this once.</source>
        <translation>Näytetään vain tämän kerran.</translation>
    </message>
    <message>
        <source>If the passphrase is forgotten, this key is the only way to open the data. Print it or write it down and give it to your coordinator to keep in a safe place. Do not keep it with the laptop.</source>
        <translation>Jos tunnuslause unohtuu, tämä avain on ainoa tapa avata tiedot. Tulosta tai kirjoita se muistiin ja anna koordinaattorillesi säilytettäväksi turvalliseen paikkaan. Älä säilytä sitä koneen mukana.</translation>
    </message>
    <message>
        <source>Print the recovery key…</source>
        <translation>Tulosta palautusavain…</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Yritä uudelleen</translation>
    </message>
    <message>
        <source>I have stored the recovery key</source>
        <translation>Olen tallentanut palautusavaimen</translation>
    </message>
    <message>
        <source>Creating the encrypted store…</source>
        <translation>Luodaan salattua tietovarastoa…</translation>
    </message>
    <message>
        <source>The encrypted store is ready. Here is its recovery key:</source>
        <translation>Salattu tietovarasto on valmis. Tässä on sen palautusavain:</translation>
    </message>
    <message>
        <source>Neuvo recovery key</source>
        <translation>Neuvon palautusavain</translation>
    </message>
</context>
<context>
    <name>SecurityTab</name>
    <message>
        <source>Everyone at this desk unlocks Neuvo with the desk passphrase. After changing it, tell the new one to your colleagues in person, never by e-mail or chat.</source>
        <translation>Kaikki tässä pisteessä avaavat Neuvon pisteen tunnuslauseella. Kun vaihdat sen, kerro uusi tunnuslause kollegoille kasvokkain, älä koskaan sähköpostilla tai viestisovelluksella.</translation>
    </message>
    <message>
        <source>Current passphrase</source>
        <translation>Nykyinen tunnuslause</translation>
    </message>
    <message>
        <source>Change passphrase</source>
        <translation>Vaihda tunnuslause</translation>
    </message>
    <message>
        <source>The recovery key does not change: the printed key your coordinator keeps still opens the data. The data is not re-encrypted; only the passphrase that unlocks it changes.</source>
        <translation>Palautusavain ei muutu: koordinaattorin säilyttämä tulostettu avain avaa tiedot edelleen. Tietoja ei salata uudelleen; vain niiden avaamiseen käytettävä tunnuslause vaihtuu.</translation>
    </message>
    <message>
        <source>Changing the passphrase…</source>
        <translation>Vaihdetaan tunnuslausetta…</translation>
    </message>
    <message>
        <source>The passphrase is changed. Use the new one from now on.</source>
        <translation>Tunnuslause on vaihdettu. Käytä tästä lähtien uutta.</translation>
    </message>
</context>
<context>
    <name>ServiceDialog</name>
    <message>
        <source>Edit service</source>
        <translation>Muokkaa palvelua</translation>
    </message>
    <message>
        <source>Add service</source>
        <translation>Lisää palvelu</translation>
    </message>
    <message>
        <source>Name in Finnish</source>
        <translation>Nimi suomeksi</translation>
    </message>
    <message>
        <source>Name in Swedish</source>
        <translation>Nimi ruotsiksi</translation>
    </message>
    <message>
        <source>Name in English</source>
        <translation>Nimi englanniksi</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organisaatio</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Kuvaus</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Puhelin</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>Sähköposti</translation>
    </message>
    <message>
        <source>Web address</source>
        <translation>Verkko-osoite</translation>
    </message>
    <message>
        <source>Street, postal code, city</source>
        <translation>Katuosoite, postinumero, kaupunki</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Auki</translation>
    </message>
    <message>
        <source>Given in</source>
        <translation>Palvelukielet</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Aiheet</translation>
    </message>
    <message>
        <source>Who it is for</source>
        <translation>Kenelle</translation>
    </message>
    <message>
        <source>Not for, does not do</source>
        <translation>Ei kenelle, ei tee</translation>
    </message>
    <message>
        <source>How to get it</source>
        <translation>Näin palveluun pääsee</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Hinta</translation>
    </message>
    <message>
        <source>Documents to bring</source>
        <translation>Mukaan otettavat asiakirjat</translation>
    </message>
    <message>
        <source>Interpreting</source>
        <translation>Tulkkaus</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>Huomio</translation>
    </message>
    <message>
        <source>Ages</source>
        <translation>Ikä</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Palvelu</translation>
    </message>
    <message>
        <source>For the referral</source>
        <translation>Ohjausta varten</translation>
    </message>
    <message>
        <source>Appointment needed</source>
        <translation>Ajanvaraus tarvitaan</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Maksuton</translation>
    </message>
    <message>
        <source>Ticked: needed; empty: not needed; half: not known</source>
        <translation>Rasti: tarvitaan; tyhjä: ei tarvita; puolikas: ei tiedossa</translation>
    </message>
    <message>
        <source>Ticked: free; empty: costs something; half: not known</source>
        <translation>Rasti: maksuton; tyhjä: maksullinen; puolikas: ei tiedossa</translation>
    </message>
    <message>
        <source>e.g. young people under 30, people without papers</source>
        <translation>esim. alle 30-vuotiaat, paperittomat</translation>
    </message>
    <message>
        <source>One document a line</source>
        <translation>Yksi asiakirja riville</translation>
    </message>
    <message>
        <source>Minimum age</source>
        <translation>Alaikäraja</translation>
    </message>
    <message>
        <source>Maximum age</source>
        <translation>Yläikäraja</translation>
    </message>
    <message>
        <source>not said</source>
        <translation>ei kerrottu</translation>
    </message>
    <message>
        <source>What they help with, for whom, what to bring</source>
        <translation>Missä auttavat, kenelle, mitä mukaan</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>Katuosoite</translation>
    </message>
    <message>
        <source>Postal code</source>
        <translation>Postinumero</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Kaupunki</translation>
    </message>
    <message>
        <source>Opens at</source>
        <translation>Aukeaa klo</translation>
    </message>
    <message>
        <source>Closes at</source>
        <translation>Sulkeutuu klo</translation>
    </message>
    <message>
        <source>Give the service a name in at least one language.</source>
        <translation>Anna palvelulle nimi ainakin yhdellä kielellä.</translation>
    </message>
    <message>
        <source>The minimum age is above the maximum age.</source>
        <translation>Alaikäraja on suurempi kuin yläikäraja.</translation>
    </message>
</context>
<context>
    <name>SessionBar</name>
    <message>
        <source>Start the session of this weekly slot now</source>
        <translation>Aloita tämän viikkovuoron vuoro nyt</translation>
    </message>
    <message>
        <source>Open since %1</source>
        <translation>Auki klo %1 alkaen</translation>
    </message>
    <message>
        <source>with %1</source>
        <translation>mukana %1</translation>
    </message>
    <message>
        <source>Staff: %1</source>
        <translation>Työntekijät: %1</translation>
    </message>
    <message>
        <source>The session at %1 that started on %2 at %3 was never ended. When did it end?</source>
        <translation>Toimipisteen %1 vuoroa, joka alkoi %2 klo %3, ei koskaan lopetettu. Milloin se päättyi?</translation>
    </message>
    <message>
        <source>No desk session open</source>
        <translation>Neuvontavuoroa ei ole auki</translation>
    </message>
    <message>
        <source>Start a session to log visits.</source>
        <translation>Aloita vuoro, niin voit kirjata käyntejä.</translation>
    </message>
    <message>
        <source>Start desk session…</source>
        <translation>Aloita neuvontavuoro…</translation>
    </message>
    <message>
        <source>Choose the site, start time, staff and partner</source>
        <translation>Valitse toimipiste, alkamisaika, työntekijät ja yhteistyökumppani</translation>
    </message>
    <message>
        <source>End session</source>
        <translation>Lopeta vuoro</translation>
    </message>
    <message>
        <source>End the desk session now</source>
        <translation>Lopeta neuvontavuoro nyt</translation>
    </message>
    <message>
        <source>A desk session was left open</source>
        <translation>Neuvontavuoro jäi auki</translation>
    </message>
    <message>
        <source>Ended at</source>
        <translation>Päättyi</translation>
    </message>
    <message>
        <source>Close session</source>
        <translation>Sulje vuoro</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Asetukset</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Yleiset</translation>
    </message>
    <message>
        <source>Sites</source>
        <translation>Toimipisteet</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>Tietoturva</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Synkronointi</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>Neuvo — setup</source>
        <translation>Neuvo – käyttöönotto</translation>
    </message>
    <message>
        <source>&lt; Back</source>
        <translation>&lt; Edellinen</translation>
    </message>
    <message>
        <source>Next &gt;</source>
        <translation>Seuraava &gt;</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Peruuta</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Valmis</translation>
    </message>
    <message>
        <source>Opening the desk…</source>
        <translation>Avataan neuvontapistettä…</translation>
    </message>
</context>
<context>
    <name>SitePage</name>
    <message>
        <source>Where is this desk?</source>
        <translation>Missä tämä piste on?</translation>
    </message>
    <message>
        <source>The first site this laptop works at. You can add more sites later.</source>
        <translation>Ensimmäinen toimipiste, jossa tätä konetta käytetään. Voit lisätä toimipisteitä myöhemmin.</translation>
    </message>
    <message>
        <source>Site name</source>
        <translation>Toimipisteen nimi</translation>
    </message>
    <message>
        <source>e.g. Puhos shopping centre</source>
        <translation>esim. Puhoksen ostoskeskus</translation>
    </message>
    <message>
        <source>A place, not a person: visits are counted per site and week.</source>
        <translation>Paikka, ei henkilö: käynnit lasketaan toimipisteittäin ja viikoittain.</translation>
    </message>
    <message>
        <source>Languages usually spoken at this desk (they are offered first when you log a visit):</source>
        <translation>Pisteessä tavallisesti puhutut kielet (ne tarjotaan ensimmäisinä, kun kirjaat käynnin):</translation>
    </message>
    <message>
        <source>Usual languages</source>
        <translation>Tavalliset kielet</translation>
    </message>
</context>
<context>
    <name>SitesModel</name>
    <message>
        <source>%1 (default)</source>
        <translation>%1 (oletus)</translation>
    </message>
</context>
<context>
    <name>SitesTab</name>
    <message>
        <source>New site…</source>
        <translation>Uusi toimipiste…</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nimi</translation>
    </message>
    <message>
        <source>e.g. Puhos shopping centre</source>
        <translation>esim. Puhoksen ostoskeskus</translation>
    </message>
    <message>
        <source>Usual languages</source>
        <translation>Tavalliset kielet</translation>
    </message>
    <message>
        <source>Offered first when a visit is logged at this site.</source>
        <translation>Tarjotaan ensimmäisinä, kun tässä toimipisteessä kirjataan käynti.</translation>
    </message>
    <message>
        <source>Make default</source>
        <translation>Tee oletukseksi</translation>
    </message>
    <message>
        <source>Neuvo opens at the default site and logs visits there</source>
        <translation>Neuvo avautuu oletustoimipisteeseen ja kirjaa käynnit sinne</translation>
    </message>
    <message>
        <source>This is the default site.</source>
        <translation>Tämä on oletustoimipiste.</translation>
    </message>
    <message>
        <source>Usual weekly hours</source>
        <translation>Tavalliset viikkoajat</translation>
    </message>
    <message>
        <source>Sites</source>
        <translation>Toimipisteet</translation>
    </message>
    <message>
        <source>Weekday of the new slot</source>
        <translation>Uuden vuoron viikonpäivä</translation>
    </message>
    <message>
        <source>Slot starts at</source>
        <translation>Vuoro alkaa klo</translation>
    </message>
    <message>
        <source>Slot ends at</source>
        <translation>Vuoro päättyy klo</translation>
    </message>
    <message>
        <source>Partner organisation of the slot</source>
        <translation>Vuoron kumppanijärjestö</translation>
    </message>
    <message>
        <source>Ask visitors the exit question: “Did you get the help you needed?”</source>
        <translation>Kysy kävijöiltä lopuksi: ”Saitko tarvitsemaasi apua?”</translation>
    </message>
    <message>
        <source>After “Save and ask” (Ctrl+Alt+Enter) the screen turns to the visitor, in the visit&apos;s language: one tap, nothing typed. Only the answer is counted, never with the visit.</source>
        <translation>Kun valitset ”Tallenna ja kysy” (Ctrl+Alt+Enter), näyttö kääntyy kävijälle käynnin kielellä: yksi napautus, ei mitään kirjoitettavaa. Vain vastaus lasketaan, koskaan yhdessä käynnin kanssa.</translation>
    </message>
    <message>
        <source>Partner organisation (optional)</source>
        <translation>Yhteistyöjärjestö (valinnainen)</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Lisää</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Poista</translation>
    </message>
    <message>
        <source>New site</source>
        <translation>Uusi toimipiste</translation>
    </message>
    <message>
        <source>Add site</source>
        <translation>Lisää toimipiste</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Toimipiste</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>Tallenna muutokset</translation>
    </message>
    <message>
        <source>Site added.</source>
        <translation>Toimipiste lisätty.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Tallennettu.</translation>
    </message>
    <message>
        <source>%1 is now the default site.</source>
        <translation>%1 on nyt oletustoimipiste.</translation>
    </message>
    <message>
        <source>Weekly hours added.</source>
        <translation>Viikkoaika lisätty.</translation>
    </message>
    <message>
        <source>Weekly hours removed.</source>
        <translation>Viikkoaika poistettu.</translation>
    </message>
</context>
<context>
    <name>SlotsModel</name>
    <message>
        <source>Day</source>
        <translation>Päivä</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Aika</translation>
    </message>
    <message>
        <source>Partner organisation</source>
        <translation>Yhteistyöjärjestö</translation>
    </message>
</context>
<context>
    <name>StartSessionDialog</name>
    <message>
        <source>Start desk session</source>
        <translation>Aloita neuvontavuoro</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Toimipiste</translation>
    </message>
    <message>
        <source>Started at</source>
        <translation>Alkoi</translation>
    </message>
    <message>
        <source>Staff present</source>
        <translation>Paikalla olevat työntekijät</translation>
    </message>
    <message>
        <source>Partner organisation</source>
        <translation>Yhteistyöjärjestö</translation>
    </message>
    <message>
        <source>First names or initials, e.g. Aino, Li</source>
        <translation>Etunimet tai nimikirjaimet, esim. Aino, Li</translation>
    </message>
    <message>
        <source>e.g. Monik ry (optional)</source>
        <translation>esim. Monik ry (valinnainen)</translation>
    </message>
    <message>
        <source>Start session</source>
        <translation>Aloita vuoro</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Peruuta</translation>
    </message>
</context>
<context>
    <name>StatisticsScreen</name>
    <message>
        <source>Statistics</source>
        <translation>Tilastot</translation>
    </message>
    <message>
        <source>Export:</source>
        <translation>Vie:</translation>
    </message>
    <message>
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <source>One row per week, site and value, with codes; opens in Excel by double-click (semicolons, UTF-8)</source>
        <translation>Yksi rivi viikkoa, toimipistettä ja arvoa kohden, koodeina; aukeaa Exceliin kaksoisnapsautuksella (puolipisteet, UTF-8)</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>The weekly reports as they are sent, for other systems</source>
        <translation>Viikkoraportit sellaisina kuin ne lähetetään, muita järjestelmiä varten</translation>
    </message>
    <message>
        <source>Excel</source>
        <translation>Excel</translation>
    </message>
    <message>
        <source>An Excel workbook: one sheet per dimension, with labels in Finnish, Swedish and English</source>
        <translation>Excel-työkirja: yksi välilehti kutakin luokittelua kohden, nimet suomeksi, ruotsiksi ja englanniksi</translation>
    </message>
    <message>
        <source>Weeks</source>
        <translation>Viikot</translation>
    </message>
    <message>
        <source>to</source>
        <translation>–</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>Tämä viikko</translation>
    </message>
    <message>
        <source>Last 4 weeks</source>
        <translation>Viimeiset 4 viikkoa</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>Tämä vuosi</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Toimipiste</translation>
    </message>
    <message>
        <source>All sites</source>
        <translation>Kaikki toimipisteet</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>Käynnit</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Henkilöt</translation>
    </message>
    <message>
        <source>A group info session counts each participant</source>
        <translation>Ryhmäinfossa lasketaan jokainen osallistuja</translation>
    </message>
    <message>
        <source>Visits per week on average</source>
        <translation>Käyntejä viikossa keskimäärin</translation>
    </message>
    <message>
        <source>visits where no service existed for the need</source>
        <translation>käyntiä, joiden tarpeeseen ei ollut palvelua</translation>
    </message>
    <message>
        <source>The unmet-need signal: visits where no service existed for the visitor&apos;s need</source>
        <translation>Täyttymättömän tarpeen signaali: käynnit, joissa asiakkaan tarpeeseen ei ollut palvelua</translation>
    </message>
    <message>
        <source>Visits per week</source>
        <translation>Käynnit viikoittain</translation>
    </message>
    <message>
        <source>Nothing recorded in these weeks.</source>
        <translation>Näiltä viikoilta ei ole kirjauksia.</translation>
    </message>
    <message>
        <source>before: %1</source>
        <translation>ennen: %1</translation>
    </message>
    <message>
        <source>The previous period of the same length: %1</source>
        <translation>Edellinen yhtä pitkä jakso: %1</translation>
    </message>
    <message>
        <source>Not recorded</source>
        <translation>Ei kirjattu</translation>
    </message>
    <message>
        <source>Not asked</source>
        <translation>Ei kysytty</translation>
    </message>
    <message numerus="yes">
        <source>Shares of the %n visit(s) referred onward.</source>
        <translation>
            <numerusform>Osuudet %n eteenpäin ohjatusta käynnistä.</numerusform>
            <numerusform>Osuudet %n eteenpäin ohjatusta käynnistä.</numerusform>
        </translation>
    </message>
    <message>
        <source>A visit can have several, so shares add up to more than 100%.</source>
        <translation>Käynnillä voi olla useita, joten osuuksien summa voi ylittää 100 %.</translation>
    </message>
    <message>
        <source>Only when the visitor volunteers it.</source>
        <translation>Vain jos asiakas kertoo sen itse.</translation>
    </message>
    <message numerus="yes">
        <source>Response rate %1%: %2 of the %n visitor(s) asked answered.</source>
        <translation>
            <numerusform>Vastausaste %1 %: %n kysytystä kävijästä %2 vastasi.</numerusform>
            <numerusform>Vastausaste %1 %: %n kysytystä kävijästä %2 vastasi.</numerusform>
        </translation>
    </message>
    <message>
        <source>Asked after %1% of the visits.</source>
        <translation>Kysymys esitettiin %1 %:ssa käynneistä.</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-tiedostot (*.csv)</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON-tiedostot (*.json)</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel-työkirjat (*.xlsx)</translation>
    </message>
    <message>
        <source>Export statistics</source>
        <translation>Vie tilastot</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Viedään…</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Tallennettu %1</translation>
    </message>
    <message>
        <source>Could not save the file: %1</source>
        <translation>Tiedostoa ei voitu tallentaa: %1</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <source>never</source>
        <translation>ei koskaan</translation>
    </message>
    <message>
        <source>today %1</source>
        <translation>tänään %1</translation>
    </message>
    <message>
        <source>yesterday %1</source>
        <translation>eilen %1</translation>
    </message>
    <message>
        <source>nothing waiting</source>
        <translation>ei mitään odottamassa</translation>
    </message>
    <message>
        <source>1 week waiting</source>
        <translation>1 viikko odottaa</translation>
    </message>
    <message>
        <source>%1 weeks waiting</source>
        <translation>%1 viikkoa odottaa</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>ei mitään</translation>
    </message>
    <message>
        <source>1 week</source>
        <translation>1 viikko</translation>
    </message>
    <message>
        <source>%1 weeks</source>
        <translation>%1 viikkoa</translation>
    </message>
    <message>
        <source>In the server&apos;s words: %1</source>
        <translation>Palvelimen viesti: %1</translation>
    </message>
    <message>
        <source>server not reachable, will retry</source>
        <translation>palvelimeen ei saada yhteyttä, yritetään uudelleen</translation>
    </message>
    <message>
        <source>server certificate not trusted</source>
        <translation>palvelimen varmenteeseen ei luoteta</translation>
    </message>
    <message>
        <source>proxy not reachable, will retry</source>
        <translation>välityspalvelinta ei tavoiteta, yritetään uudelleen</translation>
    </message>
    <message>
        <source>last sync did not finish, will retry</source>
        <translation>viimeisin synkronointi jäi kesken, yritetään uudelleen</translation>
    </message>
    <message>
        <source>disconnected by the coordinator</source>
        <translation>koordinaattori katkaisi yhteyden</translation>
    </message>
    <message>
        <source>not connected to a server</source>
        <translation>ei yhdistetty palvelimeen</translation>
    </message>
    <message>
        <source>the server no longer knows this laptop</source>
        <translation>palvelin ei enää tunnista tätä konetta</translation>
    </message>
    <message>
        <source>enrollment code not accepted</source>
        <translation>liittymiskoodia ei hyväksytty</translation>
    </message>
    <message>
        <source>the server refused some weeks (see Settings → Sync)</source>
        <translation>palvelin hylkäsi joitakin viikkoja (katso Asetukset → Synkronointi)</translation>
    </message>
    <message>
        <source>last attempt failed</source>
        <translation>viimeisin yritys epäonnistui</translation>
    </message>
    <message>
        <source>The server cannot be reached. Check the address and the network connection; Neuvo keeps the weeks and tries again by itself.</source>
        <translation>Palvelimeen ei saada yhteyttä. Tarkista osoite ja verkkoyhteys; Neuvo säilyttää viikot ja yrittää uudelleen itse.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not trusted. If your city&apos;s IT uses its own certificate authority, choose its CA bundle file; otherwise tell your coordinator.</source>
        <translation>Palvelimen varmenteeseen ei luoteta. Jos kaupunkisi IT käyttää omaa varmenteiden myöntäjää, valitse sen CA-varmennetiedosto; muuten kerro asiasta koordinaattorillesi.</translation>
    </message>
    <message>
        <source>The proxy set under Network cannot be reached or does not accept Neuvo. Check its address (and user name and password) with your city&apos;s IT; Neuvo keeps the weeks and tries again by itself.</source>
        <translation>Kohdassa Verkko asetettua välityspalvelinta ei tavoiteta, tai se ei päästä Neuvoa läpi. Tarkista osoite (sekä käyttäjätunnus ja salasana) kaupungin IT-tuelta; Neuvo säilyttää viikot ja yrittää itse uudelleen.</translation>
    </message>
    <message>
        <source>The last sync did not finish in time. Neuvo tries again by itself; nothing is lost.</source>
        <translation>Viimeisin synkronointi ei ehtinyt valmiiksi. Neuvo yrittää uudelleen itse; mitään ei katoa.</translation>
    </message>
    <message>
        <source>The coordinator has disconnected this laptop from the server. Ask for a new enrollment code to connect it again; the weeks that wait are kept.</source>
        <translation>Koordinaattori on katkaissut tämän koneen yhteyden palvelimeen. Pyydä uusi liittymiskoodi yhdistääksesi sen uudelleen; odottavat viikot säilyvät.</translation>
    </message>
    <message>
        <source>This laptop is not connected to a server yet.</source>
        <translation>Tätä konetta ei ole vielä yhdistetty palvelimeen.</translation>
    </message>
    <message>
        <source>The server no longer knows this laptop (its data may have been reset). Connect it again with a new code from your coordinator; every week is then sent again.</source>
        <translation>Palvelin ei enää tunnista tätä konetta (sen tiedot on ehkä nollattu). Yhdistä kone uudelleen koordinaattoriltasi saamallasi uudella koodilla; kaikki viikot lähetetään silloin uudelleen.</translation>
    </message>
    <message>
        <source>The enrollment code was not accepted: it may be mistyped, expired or already used on another laptop. Ask your coordinator for a new code.</source>
        <translation>Liittymiskoodia ei hyväksytty: siinä voi olla kirjoitusvirhe, se voi olla vanhentunut tai jo käytetty toisella koneella. Pyydä koordinaattoriltasi uusi koodi.</translation>
    </message>
    <message>
        <source>The server refused some weeks; they wait on this laptop. Show the server&apos;s words to your coordinator.</source>
        <translation>Palvelin hylkäsi joitakin viikkoja; ne odottavat tällä koneella. Näytä palvelimen viesti koordinaattorillesi.</translation>
    </message>
    <message>
        <source>Not connected: this laptop was disconnected by the coordinator</source>
        <translation>Ei yhteyttä: koordinaattori katkaisi tämän koneen yhteyden</translation>
    </message>
    <message>
        <source>Not connected: the server no longer knows this laptop</source>
        <translation>Ei yhteyttä: palvelin ei enää tunnista tätä konetta</translation>
    </message>
    <message>
        <source>Not connected to a server</source>
        <translation>Ei yhdistetty palvelimeen</translation>
    </message>
    <message>
        <source>Last sync: %1</source>
        <translation>Viimeisin synkronointi: %1</translation>
    </message>
    <message>
        <source>syncing…</source>
        <translation>synkronoidaan…</translation>
    </message>
</context>
<context>
    <name>SyncTab</name>
    <message>
        <source>Neuvo can send this desk&apos;s anonymous weekly counts to your organisation&apos;s statistics server whenever the laptop has a network. Only numbers leave the laptop, never notes or visit rows.</source>
        <translation>Neuvo voi lähettää tämän neuvontapisteen anonyymit viikkoluvut organisaatiosi tilastopalvelimelle aina, kun koneella on verkkoyhteys. Koneelta lähtee vain lukuja, ei koskaan muistiinpanoja tai yksittäisiä käyntejä.</translation>
    </message>
    <message>
        <source>Connect this laptop</source>
        <translation>Yhdistä tämä kone</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Palvelimen osoite</translation>
    </message>
    <message>
        <source>Type the new code from your coordinator. The code decides the team this laptop reports for; with a new server address, every week is sent to that server again.</source>
        <translation>Kirjoita koordinaattoriltasi saamasi uusi koodi. Koodi määrää, mille tiimille tämä kone raportoi; uuden palvelinosoitteen kanssa kaikki viikot lähetetään uudelleen sille palvelimelle.</translation>
    </message>
    <message>
        <source>From your coordinator. It starts with https:// (plain http:// only for this computer itself).</source>
        <translation>Saat sen koordinaattoriltasi. Se alkaa https:// (pelkkä http:// vain tälle koneelle itselleen).</translation>
    </message>
    <message>
        <source>Enrollment code</source>
        <translation>Liittymiskoodi</translation>
    </message>
    <message>
        <source>e.g. K7QM2XPA9D3H</source>
        <translation>esim. K7QM2XPA9D3H</translation>
    </message>
    <message>
        <source>Certificate authority</source>
        <translation>Varmenteiden myöntäjä</translation>
    </message>
    <message>
        <source>Not needed usually</source>
        <translation>Ei yleensä tarpeen</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Valitse…</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Tyhjennä</translation>
    </message>
    <message>
        <source>Only if your city&apos;s IT uses its own certificate authority: choose the CA bundle file (.pem) they give you.</source>
        <translation>Vain jos kaupunkisi IT käyttää omaa varmenteiden myöntäjää: valitse heiltä saamasi CA-varmennetiedosto (.pem).</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Yhdistä</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Peruuta</translation>
    </message>
    <message>
        <source>Connect with a new code…</source>
        <translation>Yhdistä uudella koodilla…</translation>
    </message>
    <message>
        <source>For another team or a new server address: your coordinator gives a new enrollment code.</source>
        <translation>Toiseen tiimiin tai uuteen palvelinosoitteeseen: koordinaattorisi antaa uuden liittymiskoodin.</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Yhteys</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Palvelin</translation>
    </message>
    <message>
        <source>Device id</source>
        <translation>Laitteen tunnus</translation>
    </message>
    <message>
        <source>Last successful sync</source>
        <translation>Viimeisin onnistunut synkronointi</translation>
    </message>
    <message>
        <source>Waiting to be sent</source>
        <translation>Odottaa lähetystä</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Viimeisin virhe</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Synkronoi nyt</translation>
    </message>
    <message>
        <source>Schedule and storage</source>
        <translation>Aikataulu ja säilytys</translation>
    </message>
    <message>
        <source>Sync every</source>
        <translation>Synkronoi</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min välein</translation>
    </message>
    <message>
        <source>Changes are also sent a few seconds after they are saved, and whenever you press Sync now.</source>
        <translation>Muutokset lähetetään myös muutama sekunti tallentamisen jälkeen ja aina, kun painat Synkronoi nyt.</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Verkko</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Välityspalvelin</translation>
    </message>
    <message>
        <source>A user name and password are kept for this proxy; they are not shown. To change them, type the whole address again.</source>
        <translation>Tälle välityspalvelimelle on tallennettu käyttäjätunnus ja salasana; niitä ei näytetä. Jos haluat muuttaa niitä, kirjoita koko osoite uudelleen.</translation>
    </message>
    <message>
        <source>None: a direct connection</source>
        <translation>Ei mitään: suora yhteys</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Tallenna</translation>
    </message>
    <message>
        <source>Only if your city&apos;s network requires a proxy, e.g. http://proxy.city.fi:8080 (a user name and password may go before the host: http://user:password@proxy.city.fi:8080). Neuvo never takes a proxy from the system&apos;s settings by itself; it is kept encrypted with the other data.</source>
        <translation>Vain jos kaupungin verkko vaatii välityspalvelimen (proxy), esim. http://proxy.kaupunki.fi:8080 (käyttäjätunnus ja salasana voivat olla ennen palvelimen nimeä: http://tunnus:salasana@proxy.kaupunki.fi:8080). Neuvo ei koskaan ota välityspalvelinta järjestelmän asetuksista itsestään; se säilytetään salattuna muiden tietojen kanssa.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is checked against this computer&apos;s certificate store, where city IT installs its own certificate authorities, and against the CA bundle chosen when connecting.</source>
        <translation>Palvelimen varmenne tarkistetaan tämän tietokoneen varmennesäilöstä, johon kaupungin IT asentaa omat varmentajansa, sekä yhdistettäessä valitusta CA-tiedostosta.</translation>
    </message>
    <message>
        <source>Keep visit rows for</source>
        <translation>Säilytä käynnit</translation>
    </message>
    <message>
        <source> months</source>
        <translation> kuukautta</translation>
    </message>
    <message>
        <source>Older visit rows are deleted from this laptop once their week has reached the server; the weekly counts stay. Such a week can no longer be changed.</source>
        <translation>Vanhemmat käynnit poistetaan tältä koneelta, kun niiden viikko on perillä palvelimella; viikkoluvut säilyvät. Tällaista viikkoa ei voi enää muuttaa.</translation>
    </message>
    <message>
        <source>Connect with a new code</source>
        <translation>Yhdistä uudella koodilla</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ei virheitä</translation>
    </message>
    <message>
        <source>Connected as a device of team %1.</source>
        <translation>Yhdistetty tiimin %1 laitteeksi.</translation>
    </message>
    <message>
        <source>Connected as a device of team %1; may report for: %2</source>
        <translation>Yhdistetty tiimin %1 laitteeksi; saa raportoida toimipisteille: %2</translation>
    </message>
    <message>
        <source>Certificate authority bundle</source>
        <translation>Varmenteiden myöntäjän tiedosto</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>Varmenteet (*.pem *.crt *.cer);;Kaikki tiedostot (*)</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Yhdistetään palvelimeen %1…</translation>
    </message>
    <message>
        <source>Plain http:// is allowed only for a server on this computer: it would send the counts unencrypted. Use the https:// address your coordinator gave.</source>
        <translation>Pelkkä http:// sallitaan vain tällä koneella olevalle palvelimelle: muuten luvut lähtisivät salaamattomina. Käytä koordinaattorilta saamaasi https://-osoitetta.</translation>
    </message>
    <message>
        <source>That is not a server address. It looks like https://stats.example.fi.</source>
        <translation>Tämä ei ole palvelimen osoite. Osoite on muotoa https://stats.example.fi.</translation>
    </message>
    <message>
        <source>An enrollment code has 12 letters and digits. Type it as your coordinator gave it.</source>
        <translation>Liittymiskoodissa on 12 kirjainta ja numeroa. Kirjoita se sellaisena kuin sait sen koordinaattorilta.</translation>
    </message>
    <message>
        <source>That file is not a certificate bundle. Choose the .pem file your city&apos;s IT gave.</source>
        <translation>Tiedosto ei ole varmennetiedosto. Valitse kaupunkisi IT:ltä saatu .pem-tiedosto.</translation>
    </message>
    <message>
        <source>The server did not accept the connection. Check the server address, or show the server&apos;s words to your coordinator.</source>
        <translation>Palvelin ei hyväksynyt yhteyttä. Tarkista palvelimen osoite tai näytä palvelimen viesti koordinaattorillesi.</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Synkronoidaan…</translation>
    </message>
    <message>
        <source>Saved: Neuvo syncs every %1 min.</source>
        <translation>Tallennettu: Neuvo synkronoi %1 min välein.</translation>
    </message>
    <message>
        <source>Saved: visit rows are kept for %1 months.</source>
        <translation>Tallennettu: käynnit säilytetään %1 kuukautta.</translation>
    </message>
    <message>
        <source>Saved: the sync goes through the proxy %1.</source>
        <translation>Tallennettu: synkronointi kulkee välityspalvelimen %1 kautta.</translation>
    </message>
    <message>
        <source>Saved: the sync connects directly, without a proxy.</source>
        <translation>Tallennettu: synkronointi yhdistää suoraan, ilman välityspalvelinta.</translation>
    </message>
</context>
<context>
    <name>TodayModel</name>
    <message>
        <source>Time</source>
        <translation>Aika</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Aiheet</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Kieli</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Tehty</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>Käynti</translation>
    </message>
    <message>
        <source>Group of %1</source>
        <translation>%1 hengen ryhmä</translation>
    </message>
</context>
<context>
    <name>TrendCard</name>
    <message>
        <source>Save chart as PNG…</source>
        <translation>Tallenna kaavio PNG-kuvana…</translation>
    </message>
    <message>
        <source>Save chart</source>
        <translation>Tallenna kaavio</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-kuvat (*.png)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Tallennettu %1</translation>
    </message>
    <message>
        <source>Could not save %1</source>
        <translation>Tiedostoa %1 ei voitu tallentaa</translation>
    </message>
</context>
<context>
    <name>TrendChart</name>
    <message>
        <source>Visits per week</source>
        <translation>Käynnit viikoittain</translation>
    </message>
    <message>
        <source>The previous period</source>
        <translation>Edellinen jakso</translation>
    </message>
    <message>
        <source>Visits per week, with the previous period</source>
        <translation>Käynnit viikoittain ja edellinen jakso</translation>
    </message>
    <message>
        <source>Visits per week: %1. The previous period: %2 in all.</source>
        <translation>Käynnit viikoittain: %1. Edellinen jakso: yhteensä %2.</translation>
    </message>
</context>
<context>
    <name>UnlockScreen</name>
    <message>
        <source>Neuvo — locked</source>
        <translation>Neuvo – lukittu</translation>
    </message>
    <message>
        <source>Neuvo is locked</source>
        <translation>Neuvo on lukittu</translation>
    </message>
    <message>
        <source>Visits and the directory on this laptop are encrypted.</source>
        <translation>Tämän koneen käynnit ja palveluhakemisto on salattu.</translation>
    </message>
    <message>
        <source>Desk passphrase</source>
        <translation>Pisteen tunnuslause</translation>
    </message>
    <message>
        <source>Recovery key</source>
        <translation>Palautusavain</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>Käyttöliittymän kieli</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Avaa</translation>
    </message>
    <message>
        <source>Forgot the passphrase? Use the recovery key</source>
        <translation>Unohtuiko tunnuslause? Käytä palautusavainta</translation>
    </message>
    <message>
        <source>Type the recovery key you stored at setup, then choose a new desk passphrase. The old passphrase stops working.</source>
        <translation>Kirjoita käyttöönotossa tallentamasi palautusavain ja valitse sitten pisteelle uusi tunnuslause. Vanha tunnuslause lakkaa toimimasta.</translation>
    </message>
    <message>
        <source>Set new passphrase and unlock</source>
        <translation>Aseta uusi tunnuslause ja avaa</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Takaisin</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>Avataan…</translation>
    </message>
    <message>
        <source>Type the desk passphrase.</source>
        <translation>Kirjoita pisteen tunnuslause.</translation>
    </message>
    <message>
        <source>Choose a strong new passphrase and type it twice.</source>
        <translation>Valitse vahva uusi tunnuslause ja kirjoita se kahdesti.</translation>
    </message>
    <message>
        <source>Wrong passphrase. Too many attempts: try again in %1 s.</source>
        <translation>Väärä tunnuslause. Liian monta yritystä: yritä uudelleen %1 s kuluttua.</translation>
    </message>
</context>
<context>
    <name>VisitForm</name>
    <message>
        <source>Language</source>
        <translation>Kieli</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Muistiinpano</translation>
    </message>
    <message>
        <source>Number of people in the group</source>
        <translation>Ryhmän henkilömäärä</translation>
    </message>
    <message>
        <source>Referred service (click to remove)</source>
        <translation>Palvelu, johon ohjattiin (poista napsauttamalla)</translation>
    </message>
    <message>
        <source>Handout of the referred service</source>
        <translation>Tuloste palvelusta, johon ohjattiin</translation>
    </message>
    <message>
        <source>Stays on this laptop. No names, identity codes, phone numbers or e-mail addresses.</source>
        <translation>Jää tälle koneelle. Ei nimiä, henkilötunnuksia, puhelinnumeroita eikä sähköpostiosoitteita.</translation>
    </message>
    <message>
        <source>people</source>
        <translation>henkeä</translation>
    </message>
    <message>
        <source>How many took part in the group info session</source>
        <translation>Montako osallistui ryhmäinfoon</translation>
    </message>
    <message>
        <source>More…</source>
        <translation>Lisää…</translation>
    </message>
    <message>
        <source>More: how they found the desk, about the visitor</source>
        <translation>Lisää: miten asiakas löysi pisteen, tietoja asiakkaasta</translation>
    </message>
    <message>
        <source>Optional details; the part about the visitor only if they tell</source>
        <translation>Valinnaisia tietoja; asiakkaasta vain se, mitä hän itse kertoo</translation>
    </message>
    <message>
        <source>About the visitor below: only what they tell, unasked</source>
        <translation>Alla tietoja asiakkaasta: vain mitä hän kertoo kysymättä</translation>
    </message>
    <message>
        <source>Tick “%1” to choose where to</source>
        <translation>Valitse ”%1”, niin voit valita minne</translation>
    </message>
    <message>
        <source>a service in the directory</source>
        <translation>hakemiston palvelu</translation>
    </message>
    <message>
        <source>→ %1 ✕</source>
        <translation>→ %1 ✕</translation>
    </message>
    <message>
        <source>Referred to %1; click to remove it</source>
        <translation>Ohjattiin: %1. Poista napsauttamalla.</translation>
    </message>
    <message>
        <source>Handout…</source>
        <translation>Tuloste…</translation>
    </message>
    <message>
        <source>Print, save or show this service in the visitor&apos;s language</source>
        <translation>Tulosta, tallenna tai näytä tämä palvelu asiakkaan kielellä</translation>
    </message>
</context>
<context>
    <name>WeeklyModel</name>
    <message>
        <source>Week</source>
        <translation>Viikko</translation>
    </message>
    <message>
        <source>Dates</source>
        <translation>Päivät</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>Käynnit</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Henkilöt</translation>
    </message>
</context>
</TS>
