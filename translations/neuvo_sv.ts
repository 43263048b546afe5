<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="sv_SE">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Neuvo</source>
        <translation>Om Neuvo</translation>
    </message>
    <message>
        <source>Neuvo %1</source>
        <translation>Neuvo %1</translation>
    </message>
    <message>
        <source>The offline desk for advisory points: anonymous visit statistics, the service directory and handouts in the visitor&apos;s language.</source>
        <translation>Rådgivningspunkternas program som fungerar utan nätverk: anonym besöksstatistik, tjänstekatalogen och utskrifter på besökarens språk.</translation>
    </message>
    <message>
        <source>Version %1. Licence: %2 (European Union Public Licence).</source>
        <translation>Version %1. Licens: %2 (Europeiska unionens allmänna licens).</translation>
    </message>
    <message>
        <source>Data folder (encrypted): %1</source>
        <translation>Datamapp (krypterad): %1</translation>
    </message>
    <message>
        <source>Neuvo ships with these components under their own licences. Qt and PySide6 are used under the LGPL 3.0: their libraries in the program folder may be replaced with other builds.</source>
        <translation>Neuvo levereras med dessa komponenter under deras egna licenser. Qt och PySide6 används under LGPL 3.0: deras bibliotek i programmappen får ersättas med andra byggen.</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>Komponent</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Licens</translation>
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
        <translation>Besök</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Andel</translation>
    </message>
</context>
<context>
    <name>DeskScreen</name>
    <message>
        <source>Save and keep</source>
        <translation>Spara och behåll</translation>
    </message>
    <message>
        <source>Save, and keep the choices for a similar visit (Ctrl+Shift+Enter)</source>
        <translation>Spara och behåll valen för ett liknande besök (Ctrl+Shift+Enter)</translation>
    </message>
    <message>
        <source>Save and ask</source>
        <translation>Spara och fråga</translation>
    </message>
    <message>
        <source>Save, then turn the screen to the visitor: did they get the help they needed? (Ctrl+Alt+Enter)</source>
        <translation>Spara och vänd sedan skärmen mot besökaren: fick hen den hjälp hen behövde? (Ctrl+Alt+Enter)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <source>Leave the visit as it was (Esc)</source>
        <translation>Lämna besöket som det var (Esc)</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Ångra</translation>
    </message>
    <message>
        <source>Today&apos;s visits</source>
        <translation>Dagens besök</translation>
    </message>
    <message>
        <source>today</source>
        <translation>i dag</translation>
    </message>
    <message>
        <source>this week</source>
        <translation>denna vecka</translation>
    </message>
    <message>
        <source>No visits logged today yet.
Each saved visit appears here.</source>
        <translation>Inga besök har registrerats i dag.
Varje sparat besök visas här.</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Redigera</translation>
    </message>
    <message>
        <source>Load the selected visit into the form to correct it (Enter)</source>
        <translation>Öppna det valda besöket i formuläret för att rätta det (Enter)</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Radera…</translation>
    </message>
    <message>
        <source>Delete the selected visit</source>
        <translation>Radera det valda besöket</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>Spara ändringar</translation>
    </message>
    <message>
        <source>Save visit</source>
        <translation>Spara besök</translation>
    </message>
    <message>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <source>Close the session left open (above) to log new visits.</source>
        <translation>Stäng passet som lämnats öppet (ovan) för att registrera nya besök.</translation>
    </message>
    <message>
        <source>Start a desk session (above) to log visits.</source>
        <translation>Starta ett rådgivningspass (ovan) för att registrera besök.</translation>
    </message>
    <message>
        <source>Nothing to undo</source>
        <translation>Inget att ångra</translation>
    </message>
    <message>
        <source>Remove the visit just saved (Ctrl+Z)</source>
        <translation>Ta bort besöket som just sparades (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Put back the visit as it was before the correction (Ctrl+Z)</source>
        <translation>Återställ besöket som det var före rättelsen (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Restore the deleted visit (Ctrl+Z)</source>
        <translation>Återställ det raderade besöket (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Not saved: this site does not ask the exit question (Settings → Sites). Ctrl+Enter saves.</source>
        <translation>Inte sparat: på det här verksamhetsstället ställs ingen slutfråga (Inställningar → Verksamhetsställen). Ctrl+Enter sparar.</translation>
    </message>
    <message>
        <source>Not saved: choose at least a topic, the language or what was done.</source>
        <translation>Inte sparat: välj minst ett ämne, språket eller vad som gjordes.</translation>
    </message>
    <message>
        <source>Already saved. To log one more visit like it, press again in a moment.</source>
        <translation>Redan sparat. För att registrera ännu ett likadant besök, tryck igen om en stund.</translation>
    </message>
    <message>
        <source>Visit saved</source>
        <translation>Besöket sparat</translation>
    </message>
    <message>
        <source>The visitor&apos;s answer is counted</source>
        <translation>Besökarens svar är räknat</translation>
    </message>
    <message>
        <source>Changes saved</source>
        <translation>Ändringarna sparade</translation>
    </message>
    <message>
        <source>Not saved: check the note.</source>
        <translation>Inte sparat: kontrollera anteckningen.</translation>
    </message>
    <message>
        <source>Visit removed</source>
        <translation>Besöket borttaget</translation>
    </message>
    <message>
        <source>Visit removed; its choices are back in the form</source>
        <translation>Besöket togs bort; dess val är tillbaka i formuläret</translation>
    </message>
    <message>
        <source>Correction undone</source>
        <translation>Rättelsen ångrad</translation>
    </message>
    <message>
        <source>Visit restored</source>
        <translation>Besöket återställt</translation>
    </message>
    <message>
        <source>Correcting the visit of %1. Change what is wrong, then Save changes (Ctrl+Enter) or Cancel (Esc).</source>
        <translation>Besöket kl. %1 rättas. Ändra det som är fel och välj sedan Spara ändringar (Ctrl+Enter) eller Avbryt (Esc).</translation>
    </message>
    <message>
        <source>Delete visit</source>
        <translation>Radera besök</translation>
    </message>
    <message>
        <source>Delete the visit of %1?</source>
        <translation>Radera besöket kl. %1?</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Radera</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Behåll</translation>
    </message>
    <message>
        <source>Visit deleted</source>
        <translation>Besöket raderat</translation>
    </message>
    <message>
        <source>Ctrl+Enter save · Ctrl+Alt+Enter save and ask · Ctrl+Z undo</source>
        <translation>Ctrl+Enter sparar · Ctrl+Alt+Enter sparar och frågar · Ctrl+Z ångrar</translation>
    </message>
    <message>
        <source>Ctrl+Enter save · Ctrl+Shift+Enter keep choices · Ctrl+Z undo</source>
        <translation>Ctrl+Enter sparar · Ctrl+Shift+Enter behåller valen · Ctrl+Z ångrar</translation>
    </message>
</context>
<context>
    <name>DirectoryScreen</name>
    <message>
        <source>Service directory</source>
        <translation>Tjänstekatalog</translation>
    </message>
    <message>
        <source>Search services</source>
        <translation>Sök tjänster</translation>
    </message>
    <message>
        <source>Service details</source>
        <translation>Tjänstens uppgifter</translation>
    </message>
    <message>
        <source>Services found</source>
        <translation>Hittade tjänster</translation>
    </message>
    <message>
        <source>Our note about this service</source>
        <translation>Vår anteckning om tjänsten</translation>
    </message>
    <message>
        <source>Topic filter</source>
        <translation>Ämnesfilter</translation>
    </message>
    <message>
        <source>Language filter</source>
        <translation>Språkfilter</translation>
    </message>
    <message>
        <source>Search services: name, topic, place… (Ctrl+F)</source>
        <translation>Sök tjänster: namn, ämne, plats… (Ctrl+F)</translation>
    </message>
    <message>
        <source>Open now</source>
        <translation>Öppet nu</translation>
    </message>
    <message>
        <source>No appointment</source>
        <translation>Ingen tidsbokning</translation>
    </message>
    <message>
        <source>Only services the source says need no appointment (drop-in)</source>
        <translation>Endast tjänster som enligt källan inte kräver tidsbokning (drop-in)</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Avgiftsfri</translation>
    </message>
    <message>
        <source>Only services the source says cost nothing</source>
        <translation>Endast tjänster som enligt källan är avgiftsfria</translation>
    </message>
    <message>
        <source>Under 30s</source>
        <translation>Under 30 år</translation>
    </message>
    <message>
        <source>Only services for young people (an age limit of 30 or less)</source>
        <translation>Endast tjänster för unga (åldersgräns högst 30 år)</translation>
    </message>
    <message>
        <source>Add service…</source>
        <translation>Lägg till tjänst…</translation>
    </message>
    <message>
        <source>Add a service that is not in the directory, e.g. an NGO&apos;s weekly drop-in</source>
        <translation>Lägg till en tjänst som inte finns i katalogen, t.ex. en organisations veckomottagning</translation>
    </message>
    <message>
        <source>Refer</source>
        <translation>Hänvisa</translation>
    </message>
    <message>
        <source>Record this service as the referral of the visit on the Desk screen</source>
        <translation>Registrera den här tjänsten som hänvisning för besöket på rådgivningsskärmen</translation>
    </message>
    <message>
        <source>Handout…</source>
        <translation>Utskrift…</translation>
    </message>
    <message>
        <source>Print, save or show the selected services in the visitor&apos;s language (Ctrl+P)</source>
        <translation>Skriv ut, spara eller visa de valda tjänsterna på besökarens språk (Ctrl+P)</translation>
    </message>
    <message>
        <source>Checked today</source>
        <translation>Kontrollerad i dag</translation>
    </message>
    <message>
        <source>The details were confirmed today</source>
        <translation>Uppgifterna bekräftades i dag</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Redigera…</translation>
    </message>
    <message>
        <source>Wrong?…</source>
        <translation>Fel?…</translation>
    </message>
    <message>
        <source>Tell the coordinator that this entry is wrong or out of date (sent with the next sync)</source>
        <translation>Meddela koordinatorn att uppgifterna är fel eller föråldrade (skickas vid nästa synkronisering)</translation>
    </message>
    <message>
        <source>Our note about this service, e.g. call ahead for Somali</source>
        <translation>Vår anteckning om tjänsten, t.ex. ring i förväg för somaliska</translation>
    </message>
    <message>
        <source>Save note</source>
        <translation>Spara anteckning</translation>
    </message>
    <message>
        <source>The source has a new version of this entry, which you have edited here. Which one is right?</source>
        <translation>Källan har en ny version av den här uppgiften, som ni har redigerat här. Vilken är rätt?</translation>
    </message>
    <message>
        <source>Take the new version</source>
        <translation>Ta den nya versionen</translation>
    </message>
    <message>
        <source>Keep ours</source>
        <translation>Behåll vår</translation>
    </message>
    <message>
        <source>All topics</source>
        <translation>Alla ämnen</translation>
    </message>
    <message>
        <source>Any language</source>
        <translation>Vilket språk som helst</translation>
    </message>
    <message>
        <source>Given in %1</source>
        <translation>Tjänstespråk: %1</translation>
    </message>
    <message>
        <source>No services match “%1”. Try fewer letters, another word or fewer filters.</source>
        <translation>Inga tjänster matchar ”%1”. Prova färre bokstäver, ett annat ord eller färre filter.</translation>
    </message>
    <message>
        <source>No services match these filters.</source>
        <translation>Inga tjänster matchar dessa filter.</translation>
    </message>
    <message>
        <source>Services shown: %1</source>
        <translation>Visade tjänster: %1</translation>
    </message>
    <message>
        <source>No services match.</source>
        <translation>Inga tjänster motsvarar sökningen.</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>Ta bort fästning</translation>
    </message>
    <message>
        <source>Pin for this site</source>
        <translation>Fäst för det här verksamhetsstället</translation>
    </message>
    <message>
        <source>Marked as checked today.</source>
        <translation>Markerad som kontrollerad i dag.</translation>
    </message>
    <message>
        <source>Note saved.</source>
        <translation>Anteckningen sparad.</translation>
    </message>
    <message>
        <source>The new version is in use.</source>
        <translation>Den nya versionen används.</translation>
    </message>
    <message>
        <source>Our version is kept.</source>
        <translation>Vår version behålls.</translation>
    </message>
    <message>
        <source>Service added.</source>
        <translation>Tjänsten har lagts till.</translation>
    </message>
    <message>
        <source>Changes saved.</source>
        <translation>Ändringarna sparade.</translation>
    </message>
    <message>
        <source>Flag saved: the coordinator gets it with the next sync.</source>
        <translation>Anmälan sparad: koordinatorn får den vid nästa synkronisering.</translation>
    </message>
</context>
<context>
    <name>EntryView</name>
    <message>
        <source>Choose a service on the left to see its details.</source>
        <translation>Välj en tjänst till vänster för att se uppgifterna.</translation>
    </message>
    <message>
        <source>Notice: %1</source>
        <translation>Obs: %1</translation>
    </message>
    <message>
        <source>The source no longer lists this service.</source>
        <translation>Källan listar inte längre den här tjänsten.</translation>
    </message>
    <message>
        <source>never</source>
        <translation>aldrig</translation>
    </message>
    <message>
        <source>Possibly out of date: last checked %1.</source>
        <translation>Kan vara föråldrad: senast kontrollerad %1.</translation>
    </message>
    <message>
        <source>Open now</source>
        <translation>Öppet nu</translation>
    </message>
    <message>
        <source>Closed now</source>
        <translation>Stängt nu</translation>
    </message>
    <message>
        <source>A phone service line</source>
        <translation>Telefontjänst</translation>
    </message>
    <message>
        <source>An e-service (on the web)</source>
        <translation>E-tjänst (på webben)</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Fax</source>
        <translation>Fax</translation>
    </message>
    <message>
        <source>Text message</source>
        <translation>Textmeddelande</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-post</translation>
    </message>
    <message>
        <source>Web</source>
        <translation>Webb</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adress</translation>
    </message>
    <message>
        <source>Every day</source>
        <translation>Varje dag</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öppet</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Språk</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Ämnen</translation>
    </message>
    <message>
        <source>Belongs with</source>
        <translation>Hör ihop med</translation>
    </message>
    <message>
        <source>Last checked</source>
        <translation>Senast kontrollerad</translation>
    </message>
    <message>
        <source>Our note</source>
        <translation>Vår anteckning</translation>
    </message>
    <message>
        <source>For</source>
        <translation>För</translation>
    </message>
    <message>
        <source>Not for</source>
        <translation>Inte för / gör inte</translation>
    </message>
    <message>
        <source>How to get it</source>
        <translation>Så får man tjänsten</translation>
    </message>
    <message>
        <source>Appointment needed</source>
        <translation>Tidsbokning krävs</translation>
    </message>
    <message>
        <source>No appointment needed</source>
        <translation>Ingen tidsbokning behövs</translation>
    </message>
    <message>
        <source>Appointment</source>
        <translation>Tidsbokning</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Avgiftsfri</translation>
    </message>
    <message>
        <source>Costs something</source>
        <translation>Avgiftsbelagd</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kostnad</translation>
    </message>
    <message>
        <source>Documents to bring</source>
        <translation>Dokument att ta med</translation>
    </message>
    <message>
        <source>Interpreting</source>
        <translation>Tolkning</translation>
    </message>
    <message>
        <source>%1–%2 years</source>
        <translation>%1–%2 år</translation>
    </message>
    <message>
        <source>up to %1 years</source>
        <translation>högst %1 år</translation>
    </message>
    <message>
        <source>from %1 years</source>
        <translation>minst %1 år</translation>
    </message>
    <message>
        <source>Ages</source>
        <translation>Ålder</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Too many wrong attempts. Try again in %1 seconds.</source>
        <translation>För många felaktiga försök. Försök igen om %1 sekunder.</translation>
    </message>
    <message>
        <source>Wrong passphrase. Check the keyboard layout and Caps Lock.</source>
        <translation>Fel lösenfras. Kontrollera tangentbordslayouten och Caps Lock.</translation>
    </message>
    <message>
        <source>That recovery key does not open this store. Check it letter by letter.</source>
        <translation>Den återställningsnyckeln öppnar inte dessa uppgifter. Kontrollera den tecken för tecken.</translation>
    </message>
    <message>
        <source>The passphrase is too easy to guess. Use at least 10 characters, e.g. several unrelated words.</source>
        <translation>Lösenfrasen är för lätt att gissa. Använd minst 10 tecken, t.ex. flera orelaterade ord.</translation>
    </message>
    <message>
        <source>a personal identity code</source>
        <translation>en personbeteckning</translation>
    </message>
    <message>
        <source>a phone number</source>
        <translation>ett telefonnummer</translation>
    </message>
    <message>
        <source>an e-mail address</source>
        <translation>en e-postadress</translation>
    </message>
    <message>
        <source>a birth date</source>
        <translation>ett födelsedatum</translation>
    </message>
    <message>
        <source>a street address</source>
        <translation>en gatuadress</translation>
    </message>
    <message>
        <source>The note seems to contain %1. Notes must never identify a visitor: remove it and save again. Nothing was saved.</source>
        <translation>Anteckningen verkar innehålla %1. En anteckning får aldrig identifiera en besökare: ta bort det och spara igen. Inget sparades.</translation>
    </message>
    <message>
        <source>The disk is full. Free some space and try again; nothing was saved.</source>
        <translation>Disken är full. Frigör utrymme och försök igen; inget sparades.</translation>
    </message>
    <message>
        <source>This choice is not in the code lists in use (%(code)s). Choose another.</source>
        <translation>Valet finns inte i kodlistorna som används (%(code)s). Välj ett annat.</translation>
    </message>
    <message>
        <source>The number of participants must be a whole number.</source>
        <translation>Antalet deltagare måste vara ett heltal.</translation>
    </message>
    <message>
        <source>A group session has 1 to %(maximum)s participants.</source>
        <translation>En gruppinformation har 1–%(maximum)s deltagare.</translation>
    </message>
    <message>
        <source>Only a group info session has several participants.</source>
        <translation>Endast en gruppinformation kan ha flera deltagare.</translation>
    </message>
    <message>
        <source>A visit cannot be in the future. Check the time.</source>
        <translation>Ett besök kan inte ligga i framtiden. Kontrollera tiden.</translation>
    </message>
    <message>
        <source>Week %(week)s was already sent and its visits removed after the retention period; it can no longer be changed.</source>
        <translation>Vecka %(week)s har redan skickats och dess besök raderats efter lagringstiden; den kan inte längre ändras.</translation>
    </message>
    <message>
        <source>&apos;%(text)s&apos; is not an ISO week like 2026-W47.</source>
        <translation>&apos;%(text)s&apos; är inte en ISO-vecka som 2026-W47.</translation>
    </message>
    <message>
        <source>%(year)s has no week %(week)s.</source>
        <translation>År %(year)s har ingen vecka %(week)s.</translation>
    </message>
    <message>
        <source>&apos;%(text)s&apos; is outside the ISO years %(first)s–%(last)s.</source>
        <translation>&apos;%(text)s&apos; ligger utanför ISO-åren %(first)s–%(last)s.</translation>
    </message>
    <message>
        <source>The range ends (%(last)s) before it starts (%(first)s).</source>
        <translation>Perioden slutar (%(last)s) innan den börjar (%(first)s).</translation>
    </message>
    <message>
        <source>&apos;%(code)s&apos; is not a language code Neuvo knows.</source>
        <translation>&apos;%(code)s&apos; är inte en språkkod som Neuvo känner till.</translation>
    </message>
    <message>
        <source>The site needs a name.</source>
        <translation>Platsen behöver ett namn.</translation>
    </message>
    <message>
        <source>The site name is too long (200 characters at most).</source>
        <translation>Platsens namn är för långt (högst 200 tecken).</translation>
    </message>
    <message>
        <source>There is already a site called %(name)s.</source>
        <translation>Det finns redan en plats som heter %(name)s.</translation>
    </message>
    <message>
        <source>There is no site called %(name)s.</source>
        <translation>Det finns ingen plats som heter %(name)s.</translation>
    </message>
    <message>
        <source>That site no longer exists.</source>
        <translation>Platsen finns inte längre.</translation>
    </message>
    <message>
        <source>Choose a weekday for the slot.</source>
        <translation>Välj en veckodag för passet.</translation>
    </message>
    <message>
        <source>The end time must be after the start time.</source>
        <translation>Sluttiden måste vara efter starttiden.</translation>
    </message>
    <message>
        <source>&apos;%(text)s&apos; is not a time like 12:00.</source>
        <translation>&apos;%(text)s&apos; är inte en tid som 12:00.</translation>
    </message>
    <message>
        <source>A desk session is already open: end it first.</source>
        <translation>Ett pass är redan öppet: avsluta det först.</translation>
    </message>
    <message>
        <source>The session must end after it starts.</source>
        <translation>Passet måste sluta efter att det börjat.</translation>
    </message>
    <message>
        <source>The session must be over: its end is still to come.</source>
        <translation>Passet måste vara slut: dess slut ligger ännu i framtiden.</translation>
    </message>
    <message>
        <source>Give a whole number.</source>
        <translation>Ange ett heltal.</translation>
    </message>
    <message>
        <source>The value must be at least %(minimum)s.</source>
        <translation>Värdet måste vara minst %(minimum)s.</translation>
    </message>
    <message>
        <source>The value must be at most %(maximum)s.</source>
        <translation>Värdet får vara högst %(maximum)s.</translation>
    </message>
    <message>
        <source>&apos;%(address)s&apos; is not a server address like https://stats.example.fi.</source>
        <translation>&apos;%(address)s&apos; är inte en serveradress som https://stats.example.fi.</translation>
    </message>
    <message>
        <source>The address must not contain &apos;?&apos; or &apos;#&apos;.</source>
        <translation>Adressen får inte innehålla &apos;?&apos; eller &apos;#&apos;.</translation>
    </message>
    <message>
        <source>The address must not contain a user name or password.</source>
        <translation>Adressen får inte innehålla användarnamn eller lösenord.</translation>
    </message>
    <message>
        <source>Plain http to %(host)s would send the counts unencrypted; use an https address.</source>
        <translation>Vanlig http till %(host)s skulle skicka siffrorna okrypterade; använd en https-adress.</translation>
    </message>
    <message>
        <source>That is not a proxy address. It looks like http://proxy.city.fi:8080.</source>
        <translation>Det är inte en proxyadress. Den ser ut som http://proxy.stad.fi:8080.</translation>
    </message>
    <message>
        <source>The CA bundle file cannot be read.</source>
        <translation>CA-certifikatfilen kan inte läsas.</translation>
    </message>
    <message>
        <source>The file is not a PEM certificate bundle.</source>
        <translation>Filen är inte en PEM-certifikatfil.</translation>
    </message>
    <message>
        <source>An enrollment code has 12 letters and digits, as the coordinator gave it.</source>
        <translation>En anslutningskod har 12 bokstäver och siffror, så som koordinatorn gav den.</translation>
    </message>
    <message>
        <source>This data was saved by a newer version of Neuvo. Update Neuvo to open it. Nothing was changed.</source>
        <translation>Uppgifterna har sparats med en nyare version av Neuvo. Uppdatera Neuvo för att öppna dem. Inget ändrades.</translation>
    </message>
    <message>
        <source>Neuvo is locked. Unlock it and try again.</source>
        <translation>Neuvo är låst. Lås upp och försök igen.</translation>
    </message>
    <message>
        <source>The data is in use by another Neuvo window or command. Try again in a moment.</source>
        <translation>Uppgifterna används av ett annat Neuvo-fönster eller kommando. Försök igen om en stund.</translation>
    </message>
    <message>
        <source>The folder %(folder)s holds Neuvo&apos;s data but not its key file (neuvo.key). Put the key file back from your backup copy; nothing was changed.</source>
        <translation>Mappen %(folder)s innehåller Neuvos uppgifter men inte nyckelfilen (neuvo.key). Lägg tillbaka nyckelfilen från säkerhetskopian; inget ändrades.</translation>
    </message>
    <message>
        <source>There is no Neuvo data in %(folder)s.</source>
        <translation>Det finns inga Neuvo-uppgifter i %(folder)s.</translation>
    </message>
    <message>
        <source>The key file is damaged. Put back the copy from your backup, or use the recovery key. Nothing was changed.</source>
        <translation>Nyckelfilen är skadad. Lägg tillbaka kopian från säkerhetskopian eller använd återställningsnyckeln. Inget ändrades.</translation>
    </message>
    <message>
        <source>The database file is missing. Restore it from your backup copy.</source>
        <translation>Databasfilen saknas. Återställ den från säkerhetskopian.</translation>
    </message>
    <message>
        <source>The database file is empty: it was damaged or cut short. Restore it from your backup copy; nothing was changed.</source>
        <translation>Databasfilen är tom: den har skadats eller avbrutits. Återställ den från säkerhetskopian; inget ändrades.</translation>
    </message>
    <message>
        <source>The data cannot be read; it may be damaged. Nothing was changed.</source>
        <translation>Uppgifterna kan inte läsas; de kan vara skadade. Inget ändrades.</translation>
    </message>
    <message>
        <source>The disk did not let Neuvo read or write its data (it may be full, removed or failing). Nothing was changed.</source>
        <translation>Disken lät inte Neuvo läsa eller skriva sina uppgifter (den kan vara full, borttagen eller trasig). Inget ändrades.</translation>
    </message>
    <message>
        <source>Neuvo may not open its data file. Check the folder&apos;s permissions and free space.</source>
        <translation>Neuvo får inte öppna sin datafil. Kontrollera mappens behörigheter och ledigt utrymme.</translation>
    </message>
    <message>
        <source>A file of Neuvo&apos;s data cannot be written or read (%(problem)s). Nothing was changed.</source>
        <translation>En av Neuvos datafiler kan inte skrivas eller läsas (%(problem)s). Inget ändrades.</translation>
    </message>
    <message>
        <source>%(path)s is open in another program (such as Excel or a PDF viewer) or is read-only. Close the file in the other program and save again; nothing was written.</source>
        <translation>%(path)s är öppen i ett annat program (till exempel Excel eller en PDF-läsare) eller skrivskyddad. Stäng filen i det andra programmet och spara igen; ingenting skrevs.</translation>
    </message>
    <message>
        <source>The database refused the change; nothing was saved. Please tell your coordinator.</source>
        <translation>Databasen vägrade ändringen; inget sparades. Meddela din koordinator.</translation>
    </message>
    <message>
        <source>Something went wrong: %1</source>
        <translation>Något gick fel: %1</translation>
    </message>
    <message>
        <source>Neuvo</source>
        <translation>Neuvo</translation>
    </message>
    <message>
        <source>Neuvo: unexpected error</source>
        <translation>Neuvo: oväntat fel</translation>
    </message>
    <message>
        <source>Neuvo hit an unexpected error. Your saved visits are safe. Please send the details below to your coordinator.</source>
        <translation>Ett oväntat fel inträffade i Neuvo. Dina sparade besök är i säkerhet. Skicka uppgifterna nedan till din koordinator.</translation>
    </message>
</context>
<context>
    <name>FlagDialog</name>
    <message>
        <source>Entry wrong or out of date</source>
        <translation>Uppgifterna fel eller föråldrade</translation>
    </message>
    <message>
        <source>What is wrong with “%1”? A few words for the coordinator; nothing about the visitor.</source>
        <translation>Vad är fel med ”%1”? Några ord till koordinatorn; inget om besökaren.</translation>
    </message>
    <message>
        <source>e.g. moved to a new address, phone number no longer works</source>
        <translation>t.ex. flyttat till ny adress, telefonnumret fungerar inte längre</translation>
    </message>
    <message>
        <source>What is wrong</source>
        <translation>Vad är fel</translation>
    </message>
    <message>
        <source>Save flag</source>
        <translation>Spara anmälan</translation>
    </message>
</context>
<context>
    <name>GeneralTab</name>
    <message>
        <source>Interface language</source>
        <translation>Gränssnittets språk</translation>
    </message>
    <message>
        <source>Neuvo switches to the chosen language right away.</source>
        <translation>Neuvo byter genast till det valda språket.</translation>
    </message>
    <message>
        <source>Lock when idle after</source>
        <translation>Lås vid inaktivitet efter</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Neuvo locks itself when nobody has used it for this long; unlocking needs the passphrase. A short time protects the data when the desk is left unattended.</source>
        <translation>Neuvo låser sig när ingen har använt programmet så länge; för att låsa upp behövs lösenfrasen. En kort tid skyddar uppgifterna när rådgivningspunkten lämnas obevakad.</translation>
    </message>
    <message>
        <source>Saved: Neuvo locks after %1 min without use.</source>
        <translation>Sparat: Neuvo låses efter %1 min utan användning.</translation>
    </message>
</context>
<context>
    <name>HandoutDialog</name>
    <message>
        <source>Close the handout</source>
        <translation>Stäng utskriften</translation>
    </message>
    <message>
        <source>The next steps you typed are not saved anywhere. Close and discard them?</source>
        <translation>De nästa steg du skrev sparas inte någonstans. Stänga och kasta dem?</translation>
    </message>
    <message>
        <source>Discard and close</source>
        <translation>Kasta och stäng</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>Fortsätt redigera</translation>
    </message>
    <message>
        <source>Handout</source>
        <translation>Utskrift till besökaren</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Språk</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>Layout</translation>
    </message>
    <message>
        <source>Next steps</source>
        <translation>Nästa steg</translation>
    </message>
    <message>
        <source>A4 page (1–3 services)</source>
        <translation>A4-sida (1–3 tjänster)</translation>
    </message>
    <message>
        <source>Cut-out cards (8 per page)</source>
        <translation>Kort att klippa ut (8 per sida)</translation>
    </message>
    <message>
        <source>What was agreed, who does what, by when. Printed only, never saved.</source>
        <translation>Vad som avtalades, vem gör vad och när. Skrivs bara ut, sparas aldrig.</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Skriv ut…</translation>
    </message>
    <message>
        <source>Print with a preview (Ctrl+P)</source>
        <translation>Skriv ut med förhandsgranskning (Ctrl+P)</translation>
    </message>
    <message>
        <source>Save PDF…</source>
        <translation>Spara PDF…</translation>
    </message>
    <message>
        <source>Save the handout as a PDF file (Ctrl+S)</source>
        <translation>Spara utskriften som en PDF-fil (Ctrl+S)</translation>
    </message>
    <message>
        <source>Show on screen</source>
        <translation>Visa på skärmen</translation>
    </message>
    <message>
        <source>Full screen, for the visitor to photograph or scan the codes</source>
        <translation>Helskärm, så att besökaren kan fotografera eller skanna koderna</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Stäng</translation>
    </message>
    <message>
        <source>Pages: %1</source>
        <translation>Sidor: %1</translation>
    </message>
    <message>
        <source>Save handout</source>
        <translation>Spara utskrift</translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation>Det gick inte att spara %1: %2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Sparad %1</translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <source>Welcome to Neuvo</source>
        <translation>Välkommen till Neuvo</translation>
    </message>
    <message>
        <source>Choose the language of the app. You can change it later in the settings.</source>
        <translation>Välj programmets språk. Du kan ändra det senare i inställningarna.</translation>
    </message>
</context>
<context>
    <name>LanguagePicker</name>
    <message>
        <source>Other language: type its name or code…</source>
        <translation>Annat språk: skriv namn eller kod…</translation>
    </message>
    <message>
        <source>%1: another language</source>
        <translation>%1: annat språk</translation>
    </message>
    <message>
        <source>Other language</source>
        <translation>Annat språk</translation>
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
        <translation>Rådgivning</translation>
    </message>
    <message>
        <source>Log visits (Ctrl+1)</source>
        <translation>Registrera besök (Ctrl+1)</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Statistik</translation>
    </message>
    <message>
        <source>Weekly counts and exports (Ctrl+2)</source>
        <translation>Veckostatistik och export (Ctrl+2)</translation>
    </message>
    <message>
        <source>Directory</source>
        <translation>Tjänstekatalog</translation>
    </message>
    <message>
        <source>Find the right service, offline (Ctrl+3, then Ctrl+F)</source>
        <translation>Hitta rätt tjänst utan nätverk (Ctrl+3, sedan Ctrl+F)</translation>
    </message>
    <message>
        <source>Paper tally…</source>
        <translation>Pappersblankett…</translation>
    </message>
    <message>
        <source>Enter visits afterwards from a paper tally sheet</source>
        <translation>Registrera besök i efterhand från en pappersblankett</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Inställningar…</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Hjälp</translation>
    </message>
    <message>
        <source>About Neuvo… (F1)</source>
        <translation>Om Neuvo… (F1)</translation>
    </message>
    <message>
        <source>Lock (Ctrl+L)</source>
        <translation>Lås (Ctrl+L)</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Synkronisera nu</translation>
    </message>
    <message>
        <source>Send the waiting weeks to the server now</source>
        <translation>Skicka de väntande veckorna till servern nu</translation>
    </message>
    <message>
        <source>Connect…</source>
        <translation>Anslut…</translation>
    </message>
    <message>
        <source>Connect this laptop to a statistics server (Settings → Sync)</source>
        <translation>Anslut den här datorn till en statistikserver (Inställningar → Synkronisering)</translation>
    </message>
</context>
<context>
    <name>NewPassphraseFields</name>
    <message>
        <source>New passphrase</source>
        <translation>Ny lösenfras</translation>
    </message>
    <message>
        <source>Again</source>
        <translation>Igen</translation>
    </message>
    <message>
        <source>New passphrase again</source>
        <translation>Ny lösenfras igen</translation>
    </message>
    <message>
        <source>At least 10 characters. Several unrelated words are easy to type and hard to guess.</source>
        <translation>Minst 10 tecken. Flera orelaterade ord är lätta att skriva och svåra att gissa.</translation>
    </message>
    <message>
        <source>Too easy to guess: make it longer or less predictable.</source>
        <translation>För lätt att gissa: gör den längre eller mindre förutsägbar.</translation>
    </message>
    <message>
        <source>Strong enough. Type it again below.</source>
        <translation>Tillräckligt stark. Skriv den igen nedan.</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Lösenfraserna skiljer sig åt.</translation>
    </message>
    <message>
        <source>Strong enough, and the two match.</source>
        <translation>Tillräckligt stark, och båda stämmer överens.</translation>
    </message>
</context>
<context>
    <name>PaperEntryDialog</name>
    <message>
        <source>Visits from a paper tally sheet</source>
        <translation>Besök från en pappersblankett</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Pass</translation>
    </message>
    <message>
        <source>A session not yet in Neuvo</source>
        <translation>Ett pass som inte ännu finns i Neuvo</translation>
    </message>
    <message>
        <source>A session already in Neuvo</source>
        <translation>Ett pass som redan finns i Neuvo</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Verksamhetsställe</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Tid</translation>
    </message>
    <message>
        <source>Staff present</source>
        <translation>Närvarande personal</translation>
    </message>
    <message>
        <source>Partner organisation</source>
        <translation>Samarbetsorganisation</translation>
    </message>
    <message>
        <source>to</source>
        <translation>–</translation>
    </message>
    <message>
        <source>Session started at</source>
        <translation>Passet började kl.</translation>
    </message>
    <message>
        <source>Session ended at</source>
        <translation>Passet slutade kl.</translation>
    </message>
    <message>
        <source>First names or initials (optional)</source>
        <translation>Förnamn eller initialer (valfritt)</translation>
    </message>
    <message>
        <source>e.g. Monik ry (optional)</source>
        <translation>t.ex. Monik ry (valfritt)</translation>
    </message>
    <message>
        <source>No ended sessions yet.</source>
        <translation>Inga avslutade pass ännu.</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>Besök</translation>
    </message>
    <message>
        <source>Time of day</source>
        <translation>Klockslag</translation>
    </message>
    <message>
        <source>How many identical visits</source>
        <translation>Hur många likadana besök</translation>
    </message>
    <message>
        <source>Add to list</source>
        <translation>Lägg till i listan</translation>
    </message>
    <message>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <source>Fill in a visit on the left and press Add to list. Nothing is saved until you press Save all.</source>
        <translation>Fyll i ett besök till vänster och välj Lägg till i listan. Inget sparas förrän du väljer Spara alla.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <source>The session must end after it starts.</source>
        <translation>Passet måste sluta efter att det börjat.</translation>
    </message>
    <message>
        <source>The session must be over: its end is still to come.</source>
        <translation>Passet måste vara slut: dess slut ligger ännu i framtiden.</translation>
    </message>
    <message>
        <source>Choose the session.</source>
        <translation>Välj pass.</translation>
    </message>
    <message>
        <source>Added. Fill in the next one.</source>
        <translation>Tillagt. Fyll i nästa.</translation>
    </message>
    <message>
        <source>Remove from the list</source>
        <translation>Ta bort från listan</translation>
    </message>
    <message>
        <source>Visits to save: %1</source>
        <translation>Besök att spara: %1</translation>
    </message>
    <message>
        <source>Save all (%1)</source>
        <translation>Spara alla (%1)</translation>
    </message>
    <message>
        <source>Save all</source>
        <translation>Spara alla</translation>
    </message>
    <message>
        <source>Discard the list?</source>
        <translation>Kasta listan?</translation>
    </message>
    <message>
        <source>Visits on the list that are not saved yet: %1. Discard them?</source>
        <translation>Osparade besök i listan: %1. Vill du kasta dem?</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Kasta</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>Fortsätt redigera</translation>
    </message>
</context>
<context>
    <name>PassphrasePage</name>
    <message>
        <source>Desk passphrase</source>
        <translation>Rådgivningspunktens lösenfras</translation>
    </message>
    <message>
        <source>Everything Neuvo stores on this laptop is encrypted with it.</source>
        <translation>Allt som Neuvo sparar på den här datorn krypteras med den.</translation>
    </message>
    <message>
        <source>Everyone who works at this desk uses this passphrase to unlock Neuvo. Neuvo locks itself when it is not used for a while.</source>
        <translation>Alla som arbetar vid den här rådgivningspunkten låser upp Neuvo med den här lösenfrasen. Neuvo låser sig när programmet inte används en stund.</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Skapa</translation>
    </message>
</context>
<context>
    <name>PendingModel</name>
    <message>
        <source>Time</source>
        <translation>Tid</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Antal</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>Besök</translation>
    </message>
    <message>
        <source>(no topic)</source>
        <translation>(inget ämne)</translation>
    </message>
    <message>
        <source>Group of %1</source>
        <translation>Grupp på %1</translation>
    </message>
</context>
<context>
    <name>RecoveryPage</name>
    <message>
        <source>Recovery key</source>
        <translation>Återställningsnyckel</translation>
    </message>
    <message>
        <source>Shown only this once.</source>
        <translation>Visas bara den här gången.</translation>
    </message>
    <message>
        <source>If the passphrase is forgotten, this key is the only way to open the data. Print it or write it down and give it to your coordinator to keep in a safe place. Do not keep it with the laptop.</source>
        <translation>Om lösenfrasen glöms bort är den här nyckeln det enda sättet att öppna uppgifterna. Skriv ut den eller skriv ner den och ge den till din koordinator att förvara på ett säkert ställe. Förvara den inte med datorn.</translation>
    </message>
    <message>
        <source>Print the recovery key…</source>
        <translation>Skriv ut återställningsnyckeln…</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Försök igen</translation>
    </message>
    <message>
        <source>I have stored the recovery key</source>
        <translation>Jag har sparat återställningsnyckeln</translation>
    </message>
    <message>
        <source>Creating the encrypted store…</source>
        <translation>Det krypterade datalagret skapas…</translation>
    </message>
    <message>
        <source>The encrypted store is ready. Here is its recovery key:</source>
        <translation>Det krypterade datalagret är klart. Här är dess återställningsnyckel:</translation>
    </message>
    <message>
        <source>Neuvo recovery key</source>
        <translation>Återställningsnyckel för Neuvo</translation>
    </message>
</context>
<context>
    <name>SecurityTab</name>
    <message>
        <source>Everyone at this desk unlocks Neuvo with the desk passphrase. After changing it, tell the new one to your colleagues in person, never by e-mail or chat.</source>
        <translation>Alla vid den här rådgivningspunkten låser upp Neuvo med punktens lösenfras. När du har bytt den, berätta den nya för dina kolleger personligen, aldrig via e-post eller chatt.</translation>
    </message>
    <message>
        <source>Current passphrase</source>
        <translation>Nuvarande lösenfras</translation>
    </message>
    <message>
        <source>Change passphrase</source>
        <translation>Byt lösenfras</translation>
    </message>
    <message>
        <source>The recovery key does not change: the printed key your coordinator keeps still opens the data. The data is not re-encrypted; only the passphrase that unlocks it changes.</source>
        <translation>Återställningsnyckeln ändras inte: den utskrivna nyckeln som koordinatorn förvarar öppnar fortfarande uppgifterna. Uppgifterna krypteras inte om; bara lösenfrasen som låser upp dem byts.</translation>
    </message>
    <message>
        <source>Changing the passphrase…</source>
        <translation>Lösenfrasen byts…</translation>
    </message>
    <message>
        <source>The passphrase is changed. Use the new one from now on.</source>
        <translation>Lösenfrasen är bytt. Använd den nya från och med nu.</translation>
    </message>
</context>
<context>
    <name>ServiceDialog</name>
    <message>
        <source>Edit service</source>
        <translation>Redigera tjänst</translation>
    </message>
    <message>
        <source>Add service</source>
        <translation>Lägg till tjänst</translation>
    </message>
    <message>
        <source>Name in Finnish</source>
        <translation>Namn på finska</translation>
    </message>
    <message>
        <source>Name in Swedish</source>
        <translation>Namn på svenska</translation>
    </message>
    <message>
        <source>Name in English</source>
        <translation>Namn på engelska</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beskrivning</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-post</translation>
    </message>
    <message>
        <source>Web address</source>
        <translation>Webbadress</translation>
    </message>
    <message>
        <source>Street, postal code, city</source>
        <translation>Gatuadress, postnummer, ort</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öppet</translation>
    </message>
    <message>
        <source>Given in</source>
        <translation>Tjänstespråk</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Ämnen</translation>
    </message>
    <message>
        <source>Who it is for</source>
        <translation>För vem</translation>
    </message>
    <message>
        <source>Not for, does not do</source>
        <translation>Inte för, gör inte</translation>
    </message>
    <message>
        <source>How to get it</source>
        <translation>Så får man tjänsten</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kostnad</translation>
    </message>
    <message>
        <source>Documents to bring</source>
        <translation>Dokument att ta med</translation>
    </message>
    <message>
        <source>Interpreting</source>
        <translation>Tolkning</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>Obs</translation>
    </message>
    <message>
        <source>Ages</source>
        <translation>Ålder</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Tjänst</translation>
    </message>
    <message>
        <source>For the referral</source>
        <translation>För hänvisningen</translation>
    </message>
    <message>
        <source>Appointment needed</source>
        <translation>Tidsbokning krävs</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Avgiftsfri</translation>
    </message>
    <message>
        <source>Ticked: needed; empty: not needed; half: not known</source>
        <translation>Kryss: krävs; tom: krävs inte; halv: okänt</translation>
    </message>
    <message>
        <source>Ticked: free; empty: costs something; half: not known</source>
        <translation>Kryss: avgiftsfri; tom: avgiftsbelagd; halv: okänt</translation>
    </message>
    <message>
        <source>e.g. young people under 30, people without papers</source>
        <translation>t.ex. unga under 30 år, papperslösa</translation>
    </message>
    <message>
        <source>One document a line</source>
        <translation>Ett dokument per rad</translation>
    </message>
    <message>
        <source>Minimum age</source>
        <translation>Lägsta ålder</translation>
    </message>
    <message>
        <source>Maximum age</source>
        <translation>Högsta ålder</translation>
    </message>
    <message>
        <source>not said</source>
        <translation>inte angivet</translation>
    </message>
    <message>
        <source>What they help with, for whom, what to bring</source>
        <translation>Vad de hjälper med, för vem, vad man ska ha med sig</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>Gatuadress</translation>
    </message>
    <message>
        <source>Postal code</source>
        <translation>Postnummer</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Ort</translation>
    </message>
    <message>
        <source>Opens at</source>
        <translation>Öppnar kl.</translation>
    </message>
    <message>
        <source>Closes at</source>
        <translation>Stänger kl.</translation>
    </message>
    <message>
        <source>Give the service a name in at least one language.</source>
        <translation>Ge tjänsten ett namn på minst ett språk.</translation>
    </message>
    <message>
        <source>The minimum age is above the maximum age.</source>
        <translation>Lägsta åldern är högre än den högsta.</translation>
    </message>
</context>
<context>
    <name>SessionBar</name>
    <message>
        <source>Start the session of this weekly slot now</source>
        <translation>Starta passet för den här veckotiden nu</translation>
    </message>
    <message>
        <source>Open since %1</source>
        <translation>Öppet sedan kl. %1</translation>
    </message>
    <message>
        <source>with %1</source>
        <translation>med %1</translation>
    </message>
    <message>
        <source>Staff: %1</source>
        <translation>Personal: %1</translation>
    </message>
    <message>
        <source>The session at %1 that started on %2 at %3 was never ended. When did it end?</source>
        <translation>Passet vid %1 som började %2 kl. %3 avslutades aldrig. När slutade det?</translation>
    </message>
    <message>
        <source>No desk session open</source>
        <translation>Inget rådgivningspass öppet</translation>
    </message>
    <message>
        <source>Start a session to log visits.</source>
        <translation>Starta ett pass för att registrera besök.</translation>
    </message>
    <message>
        <source>Start desk session…</source>
        <translation>Starta rådgivningspass…</translation>
    </message>
    <message>
        <source>Choose the site, start time, staff and partner</source>
        <translation>Välj verksamhetsställe, starttid, personal och samarbetspartner</translation>
    </message>
    <message>
        <source>End session</source>
        <translation>Avsluta passet</translation>
    </message>
    <message>
        <source>End the desk session now</source>
        <translation>Avsluta rådgivningspasset nu</translation>
    </message>
    <message>
        <source>A desk session was left open</source>
        <translation>Ett rådgivningspass lämnades öppet</translation>
    </message>
    <message>
        <source>Ended at</source>
        <translation>Slutade</translation>
    </message>
    <message>
        <source>Close session</source>
        <translation>Stäng passet</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Inställningar</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Allmänt</translation>
    </message>
    <message>
        <source>Sites</source>
        <translation>Verksamhetsställen</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>Säkerhet</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Synkronisering</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>Neuvo — setup</source>
        <translation>Neuvo – ibruktagning</translation>
    </message>
    <message>
        <source>&lt; Back</source>
        <translation>&lt; Tillbaka</translation>
    </message>
    <message>
        <source>Next &gt;</source>
        <translation>Nästa &gt;</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Slutför</translation>
    </message>
    <message>
        <source>Opening the desk…</source>
        <translation>Rådgivningen öppnas…</translation>
    </message>
</context>
<context>
    <name>SitePage</name>
    <message>
        <source>Where is this desk?</source>
        <translation>Var finns den här rådgivningspunkten?</translation>
    </message>
    <message>
        <source>The first site this laptop works at. You can add more sites later.</source>
        <translation>Det första verksamhetsstället där den här datorn används. Du kan lägga till fler senare.</translation>
    </message>
    <message>
        <source>Site name</source>
        <translation>Verksamhetsställets namn</translation>
    </message>
    <message>
        <source>e.g. Puhos shopping centre</source>
        <translation>t.ex. Puhos köpcentrum</translation>
    </message>
    <message>
        <source>A place, not a person: visits are counted per site and week.</source>
        <translation>En plats, inte en person: besöken räknas per verksamhetsställe och vecka.</translation>
    </message>
    <message>
        <source>Languages usually spoken at this desk (they are offered first when you log a visit):</source>
        <translation>Språk som vanligen talas vid den här rådgivningspunkten (de erbjuds först när du registrerar ett besök):</translation>
    </message>
    <message>
        <source>Usual languages</source>
        <translation>Vanliga språk</translation>
    </message>
</context>
<context>
    <name>SitesModel</name>
    <message>
        <source>%1 (default)</source>
        <translation>%1 (standard)</translation>
    </message>
</context>
<context>
    <name>SitesTab</name>
    <message>
        <source>New site…</source>
        <translation>Nytt verksamhetsställe…</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Namn</translation>
    </message>
    <message>
        <source>e.g. Puhos shopping centre</source>
        <translation>t.ex. Puhos köpcentrum</translation>
    </message>
    <message>
        <source>Usual languages</source>
        <translation>Vanliga språk</translation>
    </message>
    <message>
        <source>Offered first when a visit is logged at this site.</source>
        <translation>Erbjuds först när ett besök registreras vid det här verksamhetsstället.</translation>
    </message>
    <message>
        <source>Make default</source>
        <translation>Gör till standard</translation>
    </message>
    <message>
        <source>Neuvo opens at the default site and logs visits there</source>
        <translation>Neuvo öppnas vid standardstället och registrerar besök där</translation>
    </message>
    <message>
        <source>This is the default site.</source>
        <translation>Det här är standardstället.</translation>
    </message>
    <message>
        <source>Usual weekly hours</source>
        <translation>Vanliga veckotider</translation>
    </message>
    <message>
        <source>Sites</source>
        <translation>Platser</translation>
    </message>
    <message>
        <source>Weekday of the new slot</source>
        <translation>Veckodag för det nya passet</translation>
    </message>
    <message>
        <source>Slot starts at</source>
        <translation>Passet börjar kl.</translation>
    </message>
    <message>
        <source>Slot ends at</source>
        <translation>Passet slutar kl.</translation>
    </message>
    <message>
        <source>Partner organisation of the slot</source>
        <translation>Passets partnerorganisation</translation>
    </message>
    <message>
        <source>Ask visitors the exit question: “Did you get the help you needed?”</source>
        <translation>Ställ slutfrågan till besökarna: ”Fick du den hjälp du behövde?”</translation>
    </message>
    <message>
        <source>After “Save and ask” (Ctrl+Alt+Enter) the screen turns to the visitor, in the visit&apos;s language: one tap, nothing typed. Only the answer is counted, never with the visit.</source>
        <translation>Efter ”Spara och fråga” (Ctrl+Alt+Enter) vänds skärmen mot besökaren, på besökets språk: ett tryck, inget att skriva. Bara svaret räknas, aldrig tillsammans med besöket.</translation>
    </message>
    <message>
        <source>Partner organisation (optional)</source>
        <translation>Samarbetsorganisation (valfritt)</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Lägg till</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Ta bort</translation>
    </message>
    <message>
        <source>New site</source>
        <translation>Nytt verksamhetsställe</translation>
    </message>
    <message>
        <source>Add site</source>
        <translation>Lägg till verksamhetsställe</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Verksamhetsställe</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>Spara ändringar</translation>
    </message>
    <message>
        <source>Site added.</source>
        <translation>Verksamhetsstället har lagts till.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Sparat.</translation>
    </message>
    <message>
        <source>%1 is now the default site.</source>
        <translation>%1 är nu standardstället.</translation>
    </message>
    <message>
        <source>Weekly hours added.</source>
        <translation>Veckotiden har lagts till.</translation>
    </message>
    <message>
        <source>Weekly hours removed.</source>
        <translation>Veckotiden har tagits bort.</translation>
    </message>
</context>
<context>
    <name>SlotsModel</name>
    <message>
        <source>Day</source>
        <translation>Dag</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Tid</translation>
    </message>
    <message>
        <source>Partner organisation</source>
        <translation>Samarbetsorganisation</translation>
    </message>
</context>
<context>
    <name>StartSessionDialog</name>
    <message>
        <source>Start desk session</source>
        <translation>Starta rådgivningspass</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Verksamhetsställe</translation>
    </message>
    <message>
        <source>Started at</source>
        <translation>Började</translation>
    </message>
    <message>
        <source>Staff present</source>
        <translation>Närvarande personal</translation>
    </message>
    <message>
        <source>Partner organisation</source>
        <translation>Samarbetsorganisation</translation>
    </message>
    <message>
        <source>First names or initials, e.g. Aino, Li</source>
        <translation>Förnamn eller initialer, t.ex. Aino, Li</translation>
    </message>
    <message>
        <source>e.g. Monik ry (optional)</source>
        <translation>t.ex. Monik ry (valfritt)</translation>
    </message>
    <message>
        <source>Start session</source>
        <translation>Starta passet</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
</context>
<context>
    <name>StatisticsScreen</name>
    <message>
        <source>Statistics</source>
        <translation>Statistik</translation>
    </message>
    <message>
        <source>Export:</source>
        <translation>Exportera:</translation>
    </message>
    <message>
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <source>One row per week, site and value, with codes; opens in Excel by double-click (semicolons, UTF-8)</source>
        <translation>En rad per vecka, plats och värde, som koder; öppnas i Excel med dubbelklick (semikolon, UTF-8)</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>The weekly reports as they are sent, for other systems</source>
        <translation>Veckorapporterna som de skickas, för andra system</translation>
    </message>
    <message>
        <source>Excel</source>
        <translation>Excel</translation>
    </message>
    <message>
        <source>An Excel workbook: one sheet per dimension, with labels in Finnish, Swedish and English</source>
        <translation>En Excel-arbetsbok: ett blad per indelning, med benämningar på finska, svenska och engelska</translation>
    </message>
    <message>
        <source>Weeks</source>
        <translation>Veckor</translation>
    </message>
    <message>
        <source>to</source>
        <translation>–</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>Denna vecka</translation>
    </message>
    <message>
        <source>Last 4 weeks</source>
        <translation>Senaste 4 veckorna</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>I år</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Verksamhetsställe</translation>
    </message>
    <message>
        <source>All sites</source>
        <translation>Alla verksamhetsställen</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>Besök</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Personer</translation>
    </message>
    <message>
        <source>A group info session counts each participant</source>
        <translation>Vid ett gruppinfotillfälle räknas varje deltagare</translation>
    </message>
    <message>
        <source>Visits per week on average</source>
        <translation>Besök per vecka i genomsnitt</translation>
    </message>
    <message>
        <source>visits where no service existed for the need</source>
        <translation>besök där det inte fanns någon tjänst för behovet</translation>
    </message>
    <message>
        <source>The unmet-need signal: visits where no service existed for the visitor&apos;s need</source>
        <translation>Signal om otillfredsställda behov: besök där det inte fanns någon tjänst för besökarens behov</translation>
    </message>
    <message>
        <source>Visits per week</source>
        <translation>Besök per vecka</translation>
    </message>
    <message>
        <source>Nothing recorded in these weeks.</source>
        <translation>Inget registrerat under dessa veckor.</translation>
    </message>
    <message>
        <source>before: %1</source>
        <translation>före: %1</translation>
    </message>
    <message>
        <source>The previous period of the same length: %1</source>
        <translation>Föregående lika lång period: %1</translation>
    </message>
    <message>
        <source>Not recorded</source>
        <translation>Inte registrerat</translation>
    </message>
    <message>
        <source>Not asked</source>
        <translation>Frågades inte</translation>
    </message>
    <message numerus="yes">
        <source>Shares of the %n visit(s) referred onward.</source>
        <translation>
            <numerusform>Andelar av det %n besök som hänvisades vidare.</numerusform>
            <numerusform>Andelar av de %n besök som hänvisades vidare.</numerusform>
        </translation>
    </message>
    <message>
        <source>A visit can have several, so shares add up to more than 100%.</source>
        <translation>Ett besök kan ha flera, så andelarna kan bli mer än 100 % sammanlagt.</translation>
    </message>
    <message>
        <source>Only when the visitor volunteers it.</source>
        <translation>Endast när besökaren själv berättar det.</translation>
    </message>
    <message numerus="yes">
        <source>Response rate %1%: %2 of the %n visitor(s) asked answered.</source>
        <translation>
            <numerusform>Svarsfrekvens %1 %: %2 av %n tillfrågad besökare svarade.</numerusform>
            <numerusform>Svarsfrekvens %1 %: %2 av de %n tillfrågade besökarna svarade.</numerusform>
        </translation>
    </message>
    <message>
        <source>Asked after %1% of the visits.</source>
        <translation>Frågan ställdes vid %1 % av besöken.</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-filer (*.csv)</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON-filer (*.json)</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel-arbetsböcker (*.xlsx)</translation>
    </message>
    <message>
        <source>Export statistics</source>
        <translation>Exportera statistik</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Exporterar…</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Sparat %1</translation>
    </message>
    <message>
        <source>Could not save the file: %1</source>
        <translation>Filen kunde inte sparas: %1</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <source>never</source>
        <translation>aldrig</translation>
    </message>
    <message>
        <source>today %1</source>
        <translation>i dag %1</translation>
    </message>
    <message>
        <source>yesterday %1</source>
        <translation>i går %1</translation>
    </message>
    <message>
        <source>nothing waiting</source>
        <translation>inget väntar</translation>
    </message>
    <message>
        <source>1 week waiting</source>
        <translation>1 vecka väntar</translation>
    </message>
    <message>
        <source>%1 weeks waiting</source>
        <translation>%1 veckor väntar</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>inget</translation>
    </message>
    <message>
        <source>1 week</source>
        <translation>1 vecka</translation>
    </message>
    <message>
        <source>%1 weeks</source>
        <translation>%1 veckor</translation>
    </message>
    <message>
        <source>In the server&apos;s words: %1</source>
        <translation>Serverns meddelande: %1</translation>
    </message>
    <message>
        <source>server not reachable, will retry</source>
        <translation>servern nås inte, försöker igen</translation>
    </message>
    <message>
        <source>server certificate not trusted</source>
        <translation>serverns certifikat är inte betrott</translation>
    </message>
    <message>
        <source>proxy not reachable, will retry</source>
        <translation>proxyn nås inte, försöker igen</translation>
    </message>
    <message>
        <source>last sync did not finish, will retry</source>
        <translation>senaste synkroniseringen blev inte klar, försöker igen</translation>
    </message>
    <message>
        <source>disconnected by the coordinator</source>
        <translation>koordinatorn kopplade bort datorn</translation>
    </message>
    <message>
        <source>not connected to a server</source>
        <translation>inte ansluten till en server</translation>
    </message>
    <message>
        <source>the server no longer knows this laptop</source>
        <translation>servern känner inte längre igen den här datorn</translation>
    </message>
    <message>
        <source>enrollment code not accepted</source>
        <translation>anslutningskoden godtogs inte</translation>
    </message>
    <message>
        <source>the server refused some weeks (see Settings → Sync)</source>
        <translation>servern avvisade några veckor (se Inställningar → Synkronisering)</translation>
    </message>
    <message>
        <source>last attempt failed</source>
        <translation>senaste försöket misslyckades</translation>
    </message>
    <message>
        <source>The server cannot be reached. Check the address and the network connection; Neuvo keeps the weeks and tries again by itself.</source>
        <translation>Servern kan inte nås. Kontrollera adressen och nätverksanslutningen; Neuvo behåller veckorna och försöker igen av sig själv.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not trusted. If your city&apos;s IT uses its own certificate authority, choose its CA bundle file; otherwise tell your coordinator.</source>
        <translation>Serverns certifikat är inte betrott. Om stadens IT använder en egen certifikatutfärdare, välj dess CA-certifikatfil; annars kontakta din koordinator.</translation>
    </message>
    <message>
        <source>The proxy set under Network cannot be reached or does not accept Neuvo. Check its address (and user name and password) with your city&apos;s IT; Neuvo keeps the weeks and tries again by itself.</source>
        <translation>Proxyn som angetts under Nätverk nås inte eller släpper inte igenom Neuvo. Kontrollera adressen (och användarnamn och lösenord) med stadens IT; Neuvo behåller veckorna och försöker igen av sig själv.</translation>
    </message>
    <message>
        <source>The last sync did not finish in time. Neuvo tries again by itself; nothing is lost.</source>
        <translation>Den senaste synkroniseringen hann inte bli klar. Neuvo försöker igen av sig själv; inget går förlorat.</translation>
    </message>
    <message>
        <source>The coordinator has disconnected this laptop from the server. Ask for a new enrollment code to connect it again; the weeks that wait are kept.</source>
        <translation>Koordinatorn har kopplat bort den här datorn från servern. Be om en ny anslutningskod för att ansluta den igen; de väntande veckorna finns kvar.</translation>
    </message>
    <message>
        <source>This laptop is not connected to a server yet.</source>
        <translation>Den här datorn är ännu inte ansluten till en server.</translation>
    </message>
    <message>
        <source>The server no longer knows this laptop (its data may have been reset). Connect it again with a new code from your coordinator; every week is then sent again.</source>
        <translation>Servern känner inte längre igen den här datorn (dess data kan ha återställts). Anslut den igen med en ny kod från din koordinator; alla veckor skickas då på nytt.</translation>
    </message>
    <message>
        <source>The enrollment code was not accepted: it may be mistyped, expired or already used on another laptop. Ask your coordinator for a new code.</source>
        <translation>Anslutningskoden godtogs inte: den kan vara felskriven, ha gått ut eller redan ha använts på en annan dator. Be din koordinator om en ny kod.</translation>
    </message>
    <message>
        <source>The server refused some weeks; they wait on this laptop. Show the server&apos;s words to your coordinator.</source>
        <translation>Servern avvisade några veckor; de väntar på den här datorn. Visa serverns meddelande för din koordinator.</translation>
    </message>
    <message>
        <source>Not connected: this laptop was disconnected by the coordinator</source>
        <translation>Inte ansluten: koordinatorn har kopplat bort den här datorn</translation>
    </message>
    <message>
        <source>Not connected: the server no longer knows this laptop</source>
        <translation>Inte ansluten: servern känner inte längre igen den här datorn</translation>
    </message>
    <message>
        <source>Not connected to a server</source>
        <translation>Inte ansluten till en server</translation>
    </message>
    <message>
        <source>Last sync: %1</source>
        <translation>Senaste synkronisering: %1</translation>
    </message>
    <message>
        <source>syncing…</source>
        <translation>synkroniserar…</translation>
    </message>
</context>
<context>
    <name>SyncTab</name>
    <message>
        <source>Neuvo can send this desk&apos;s anonymous weekly counts to your organisation&apos;s statistics server whenever the laptop has a network. Only numbers leave the laptop, never notes or visit rows.</source>
        <translation>Neuvo kan skicka den här rådgivningspunktens anonyma veckosiffror till organisationens statistikserver när datorn har nätverk. Bara siffror lämnar datorn, aldrig anteckningar eller enskilda besök.</translation>
    </message>
    <message>
        <source>Connect this laptop</source>
        <translation>Anslut den här datorn</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Serveradress</translation>
    </message>
    <message>
        <source>Type the new code from your coordinator. The code decides the team this laptop reports for; with a new server address, every week is sent to that server again.</source>
        <translation>Skriv den nya koden från din koordinator. Koden avgör vilket team den här datorn rapporterar för; med en ny serveradress skickas alla veckor på nytt till den servern.</translation>
    </message>
    <message>
        <source>From your coordinator. It starts with https:// (plain http:// only for this computer itself).</source>
        <translation>Du får den av din koordinator. Den börjar med https:// (vanlig http:// bara för den här datorn själv).</translation>
    </message>
    <message>
        <source>Enrollment code</source>
        <translation>Anslutningskod</translation>
    </message>
    <message>
        <source>e.g. K7QM2XPA9D3H</source>
        <translation>t.ex. K7QM2XPA9D3H</translation>
    </message>
    <message>
        <source>Certificate authority</source>
        <translation>Certifikatutfärdare</translation>
    </message>
    <message>
        <source>Not needed usually</source>
        <translation>Behövs oftast inte</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Välj…</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Töm</translation>
    </message>
    <message>
        <source>Only if your city&apos;s IT uses its own certificate authority: choose the CA bundle file (.pem) they give you.</source>
        <translation>Bara om stadens IT använder en egen certifikatutfärdare: välj CA-certifikatfilen (.pem) som du får av dem.</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Anslut</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <source>Connect with a new code…</source>
        <translation>Anslut med en ny kod…</translation>
    </message>
    <message>
        <source>For another team or a new server address: your coordinator gives a new enrollment code.</source>
        <translation>För ett annat team eller en ny serveradress: din koordinator ger en ny anslutningskod.</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Anslutning</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Device id</source>
        <translation>Enhetens id</translation>
    </message>
    <message>
        <source>Last successful sync</source>
        <translation>Senaste lyckade synkronisering</translation>
    </message>
    <message>
        <source>Waiting to be sent</source>
        <translation>Väntar på att skickas</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Senaste fel</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Synkronisera nu</translation>
    </message>
    <message>
        <source>Schedule and storage</source>
        <translation>Schema och lagring</translation>
    </message>
    <message>
        <source>Sync every</source>
        <translation>Synkronisera var</translation>
    </message>
    <message>
        <source> min</source>
        <translation>:e min</translation>
    </message>
    <message>
        <source>Changes are also sent a few seconds after they are saved, and whenever you press Sync now.</source>
        <translation>Ändringar skickas också några sekunder efter att de sparats och alltid när du trycker på Synkronisera nu.</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Nätverk</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <source>A user name and password are kept for this proxy; they are not shown. To change them, type the whole address again.</source>
        <translation>Ett användarnamn och ett lösenord har sparats för den här proxyn; de visas inte. Skriv hela adressen på nytt om du vill ändra dem.</translation>
    </message>
    <message>
        <source>None: a direct connection</source>
        <translation>Ingen: direkt anslutning</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Spara</translation>
    </message>
    <message>
        <source>Only if your city&apos;s network requires a proxy, e.g. http://proxy.city.fi:8080 (a user name and password may go before the host: http://user:password@proxy.city.fi:8080). Neuvo never takes a proxy from the system&apos;s settings by itself; it is kept encrypted with the other data.</source>
        <translation>Endast om stadens nätverk kräver en proxy, t.ex. http://proxy.stad.fi:8080 (användarnamn och lösenord kan stå före värdnamnet: http://användare:lösenord@proxy.stad.fi:8080). Neuvo tar aldrig en proxy från systemets inställningar av sig själv; den sparas krypterad med övriga data.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is checked against this computer&apos;s certificate store, where city IT installs its own certificate authorities, and against the CA bundle chosen when connecting.</source>
        <translation>Serverns certifikat kontrolleras mot datorns certifikatarkiv, där stadens IT installerar sina egna certifikatutfärdare, och mot CA-filen som valdes vid anslutningen.</translation>
    </message>
    <message>
        <source>Keep visit rows for</source>
        <translation>Behåll besöken i</translation>
    </message>
    <message>
        <source> months</source>
        <translation> månader</translation>
    </message>
    <message>
        <source>Older visit rows are deleted from this laptop once their week has reached the server; the weekly counts stay. Such a week can no longer be changed.</source>
        <translation>Äldre besök raderas från den här datorn när deras vecka har nått servern; veckosiffrorna finns kvar. En sådan vecka kan inte längre ändras.</translation>
    </message>
    <message>
        <source>Connect with a new code</source>
        <translation>Anslut med en ny kod</translation>
    </message>
    <message>
        <source>none</source>
        <translation>inga fel</translation>
    </message>
    <message>
        <source>Connected as a device of team %1.</source>
        <translation>Ansluten som en enhet i teamet %1.</translation>
    </message>
    <message>
        <source>Connected as a device of team %1; may report for: %2</source>
        <translation>Ansluten som en enhet i teamet %1; får rapportera för: %2</translation>
    </message>
    <message>
        <source>Certificate authority bundle</source>
        <translation>Certifikatutfärdarens fil</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>Certifikat (*.pem *.crt *.cer);;Alla filer (*)</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Ansluter till %1…</translation>
    </message>
    <message>
        <source>Plain http:// is allowed only for a server on this computer: it would send the counts unencrypted. Use the https:// address your coordinator gave.</source>
        <translation>Vanlig http:// tillåts bara för en server på den här datorn: annars skulle siffrorna skickas okrypterade. Använd https://-adressen du fick av koordinatorn.</translation>
    </message>
    <message>
        <source>That is not a server address. It looks like https://stats.example.fi.</source>
        <translation>Det är ingen serveradress. En adress ser ut som https://stats.example.fi.</translation>
    </message>
    <message>
        <source>An enrollment code has 12 letters and digits. Type it as your coordinator gave it.</source>
        <translation>En anslutningskod har 12 bokstäver och siffror. Skriv den som du fick den av koordinatorn.</translation>
    </message>
    <message>
        <source>That file is not a certificate bundle. Choose the .pem file your city&apos;s IT gave.</source>
        <translation>Filen är ingen certifikatfil. Välj .pem-filen som du fick av stadens IT.</translation>
    </message>
    <message>
        <source>The server did not accept the connection. Check the server address, or show the server&apos;s words to your coordinator.</source>
        <translation>Servern godtog inte anslutningen. Kontrollera serveradressen, eller visa serverns meddelande för din koordinator.</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Synkroniserar…</translation>
    </message>
    <message>
        <source>Saved: Neuvo syncs every %1 min.</source>
        <translation>Sparat: Neuvo synkroniserar var %1:e min.</translation>
    </message>
    <message>
        <source>Saved: visit rows are kept for %1 months.</source>
        <translation>Sparat: besöken behålls i %1 månader.</translation>
    </message>
    <message>
        <source>Saved: the sync goes through the proxy %1.</source>
        <translation>Sparat: synkroniseringen går via proxyn %1.</translation>
    </message>
    <message>
        <source>Saved: the sync connects directly, without a proxy.</source>
        <translation>Sparat: synkroniseringen ansluter direkt, utan proxy.</translation>
    </message>
</context>
<context>
    <name>TodayModel</name>
    <message>
        <source>Time</source>
        <translation>Tid</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Ämnen</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Språk</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Gjort</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>Besök</translation>
    </message>
    <message>
        <source>Group of %1</source>
        <translation>Grupp på %1</translation>
    </message>
</context>
<context>
    <name>TrendCard</name>
    <message>
        <source>Save chart as PNG…</source>
        <translation>Spara diagrammet som PNG…</translation>
    </message>
    <message>
        <source>Save chart</source>
        <translation>Spara diagrammet</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-bilder (*.png)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Sparad %1</translation>
    </message>
    <message>
        <source>Could not save %1</source>
        <translation>Kunde inte spara %1</translation>
    </message>
</context>
<context>
    <name>TrendChart</name>
    <message>
        <source>Visits per week</source>
        <translation>Besök per vecka</translation>
    </message>
    <message>
        <source>The previous period</source>
        <translation>Föregående period</translation>
    </message>
    <message>
        <source>Visits per week, with the previous period</source>
        <translation>Besök per vecka och föregående period</translation>
    </message>
    <message>
        <source>Visits per week: %1. The previous period: %2 in all.</source>
        <translation>Besök per vecka: %1. Föregående period: sammanlagt %2.</translation>
    </message>
</context>
<context>
    <name>UnlockScreen</name>
    <message>
        <source>Neuvo — locked</source>
        <translation>Neuvo – låst</translation>
    </message>
    <message>
        <source>Neuvo is locked</source>
        <translation>Neuvo är låst</translation>
    </message>
    <message>
        <source>Visits and the directory on this laptop are encrypted.</source>
        <translation>Besöken och tjänstekatalogen på den här datorn är krypterade.</translation>
    </message>
    <message>
        <source>Desk passphrase</source>
        <translation>Rådgivningspunktens lösenfras</translation>
    </message>
    <message>
        <source>Recovery key</source>
        <translation>Återställningsnyckel</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>Gränssnittets språk</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Lås upp</translation>
    </message>
    <message>
        <source>Forgot the passphrase? Use the recovery key</source>
        <translation>Glömt lösenfrasen? Använd återställningsnyckeln</translation>
    </message>
    <message>
        <source>Type the recovery key you stored at setup, then choose a new desk passphrase. The old passphrase stops working.</source>
        <translation>Skriv återställningsnyckeln som du sparade vid ibruktagningen och välj sedan en ny lösenfras. Den gamla lösenfrasen slutar fungera.</translation>
    </message>
    <message>
        <source>Set new passphrase and unlock</source>
        <translation>Ange ny lösenfras och lås upp</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Tillbaka</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>Öppnar…</translation>
    </message>
    <message>
        <source>Type the desk passphrase.</source>
        <translation>Skriv rådgivningspunktens lösenfras.</translation>
    </message>
    <message>
        <source>Choose a strong new passphrase and type it twice.</source>
        <translation>Välj en stark ny lösenfras och skriv den två gånger.</translation>
    </message>
    <message>
        <source>Wrong passphrase. Too many attempts: try again in %1 s.</source>
        <translation>Fel lösenfras. För många försök: försök igen om %1 s.</translation>
    </message>
</context>
<context>
    <name>VisitForm</name>
    <message>
        <source>Language</source>
        <translation>Språk</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Anteckning</translation>
    </message>
    <message>
        <source>Number of people in the group</source>
        <translation>Antal personer i gruppen</translation>
    </message>
    <message>
        <source>Referred service (click to remove)</source>
        <translation>Tjänsten som besökaren hänvisades till (klicka för att ta bort)</translation>
    </message>
    <message>
        <source>Handout of the referred service</source>
        <translation>Utskrift om tjänsten som besökaren hänvisades till</translation>
    </message>
    <message>
        <source>Stays on this laptop. No names, identity codes, phone numbers or e-mail addresses.</source>
        <translation>Stannar på den här datorn. Inga namn, personbeteckningar, telefonnummer eller e-postadresser.</translation>
    </message>
    <message>
        <source>people</source>
        <translation>personer</translation>
    </message>
    <message>
        <source>How many took part in the group info session</source>
        <translation>Hur många deltog i gruppinfotillfället</translation>
    </message>
    <message>
        <source>More…</source>
        <translation>Mer…</translation>
    </message>
    <message>
        <source>More: how they found the desk, about the visitor</source>
        <translation>Mer: hur besökaren hittade hit, om besökaren</translation>
    </message>
    <message>
        <source>Optional details; the part about the visitor only if they tell</source>
        <translation>Valfria uppgifter; om besökaren bara det som hen själv berättar</translation>
    </message>
    <message>
        <source>About the visitor below: only what they tell, unasked</source>
        <translation>Om besökaren nedan: bara det hen berättar utan att bli tillfrågad</translation>
    </message>
    <message>
        <source>Tick “%1” to choose where to</source>
        <translation>Kryssa för ”%1” för att välja vart</translation>
    </message>
    <message>
        <source>a service in the directory</source>
        <translation>en tjänst i katalogen</translation>
    </message>
    <message>
        <source>→ %1 ✕</source>
        <translation>→ %1 ✕</translation>
    </message>
    <message>
        <source>Referred to %1; click to remove it</source>
        <translation>Hänvisad till %1; klicka för att ta bort.</translation>
    </message>
    <message>
        <source>Handout…</source>
        <translation>Utskrift…</translation>
    </message>
    <message>
        <source>Print, save or show this service in the visitor&apos;s language</source>
        <translation>Skriv ut, spara eller visa tjänsten på besökarens språk</translation>
    </message>
</context>
<context>
    <name>WeeklyModel</name>
    <message>
        <source>Week</source>
        <translation>Vecka</translation>
    </message>
    <message>
        <source>Dates</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>Besök</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Personer</translation>
    </message>
</context>
</TS>
