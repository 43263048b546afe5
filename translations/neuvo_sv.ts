<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="sv_SE">
<context>
    <name>CountsModel</name>
    <message>
        <source>%1%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeskScreen</name>
    <message>
        <source>Save and keep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save, and keep the choices for a similar visit (Ctrl+Shift+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave the visit as it was (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today&apos;s visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No visits logged today yet.
Each saved visit appears here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load the selected visit into the form to correct it (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the selected visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the session left open (above) to log new visits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a desk session (above) to log visits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the visit just saved (Ctrl+Z)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put back the visit as it was before the correction (Ctrl+Z)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore the deleted visit (Ctrl+Z)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visit saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: check the note.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visit removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correction undone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visit restored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correcting the visit of %1. Change what is wrong, then Save changes (Ctrl+Enter) or Cancel (Esc).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the visit of %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visit deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Enter save · Ctrl+Shift+Enter keep choices · Ctrl+Z undo</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Too many wrong attempts. Try again in %1 seconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong passphrase. Check the keyboard layout and Caps Lock.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That recovery key does not open this store. Check it letter by letter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The passphrase is too easy to guess. Use at least 10 characters, e.g. several unrelated words.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a personal identity code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a phone number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an e-mail address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The note seems to contain %1. Notes must never identify a visitor: remove it and save again. Nothing was saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The disk is full. Free some space and try again; nothing was saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This data was saved by a newer version of Neuvo. Update Neuvo to open it. Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data cannot be read; it may be damaged. Nothing was changed. Details: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Neuvo is locked. Unlock it and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Neuvo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Neuvo: unexpected error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Neuvo hit an unexpected error. Your saved visits are safe. Please send the details below to your coordinator.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GeneralTab</name>
    <message>
        <source>Interface language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Neuvo switches to the chosen language right away.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock when idle after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Neuvo locks itself when nobody has used it for this long; unlocking needs the passphrase. A short time protects the data when the desk is left unattended.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved: Neuvo locks after %1 min without use.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <source>Welcome to Neuvo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the language of the app. You can change it later in the settings.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LanguagePicker</name>
    <message>
        <source>Other language: type its name or code…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Neuvo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log visits (Ctrl+1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weekly counts and exports (Ctrl+2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paper tally…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter visits afterwards from a paper tally sheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock (Ctrl+L)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewPassphraseFields</name>
    <message>
        <source>New passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At least 10 characters. Several unrelated words are easy to type and hard to guess.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too easy to guess: make it longer or less predictable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strong enough. Type it again below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strong enough, and the two match.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PaperEntryDialog</name>
    <message>
        <source>Visits from a paper tally sheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A session not yet in Neuvo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A session already in Neuvo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Staff present</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partner organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First names or initials (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Monik ry (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No ended sessions yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time of day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many identical visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add to list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fill in a visit on the left and press Add to list. Nothing is saved until you press Save all.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The session must end after it starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The session must be over: its end is still to come.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the session.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added. Fill in the next one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove from the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visits to save: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save all (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard the list?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visits on the list that are not saved yet: %1. Discard them?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PassphrasePage</name>
    <message>
        <source>Desk passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everything Neuvo stores on this laptop is encrypted with it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everyone who works at this desk uses this passphrase to unlock Neuvo. Neuvo locks itself when it is not used for a while.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PendingModel</name>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no topic)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group of %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecoveryPage</name>
    <message>
        <source>Recovery key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shown only this once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>If the passphrase is forgotten, this key is the only way to open the data. Print it or write it down and give it to your coordinator to keep in a safe place. Do not keep it with the laptop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print the recovery key…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I have stored the recovery key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating the encrypted store…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The encrypted store is ready. Here is its recovery key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Neuvo recovery key</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SecurityTab</name>
    <message>
        <source>Everyone at this desk unlocks Neuvo with the desk passphrase. After changing it, tell the new one to your colleagues in person, never by e-mail or chat.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The recovery key does not change: the printed key your coordinator keeps still opens the data. The data is not re-encrypted; only the passphrase that unlocks it changes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changing the passphrase…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The passphrase is changed. Use the new one from now on.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SessionBar</name>
    <message>
        <source>Start the session of this weekly slot now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open since %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>with %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Staff: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The session at %1 that started on %2 at %3 was never ended. When did it end?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No desk session open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a session to log visits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start desk session…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the site, start time, staff and partner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End the desk session now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A desk session was left open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ended at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close session</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>General</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sites</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Security</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>Neuvo — setup</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SitePage</name>
    <message>
        <source>Where is this desk?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first site this laptop works at. You can add more sites later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Puhos shopping centre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A place, not a person: visits are counted per site and week.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Languages usually spoken at this desk (they are offered first when you log a visit):</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SitesModel</name>
    <message>
        <source>%1 (default)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SitesTab</name>
    <message>
        <source>New site…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Puhos shopping centre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usual languages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offered first when a visit is logged at this site.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Neuvo opens at the default site and logs visits there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is the default site.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usual weekly hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partner organisation (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is already a site called %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is now the default site.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The end time must be after the start time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weekly hours added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weekly hours removed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SlotsModel</name>
    <message>
        <source>Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partner organisation</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StartSessionDialog</name>
    <message>
        <source>Start desk session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Staff present</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partner organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First names or initials, e.g. Aino, Li</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Monik ry (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatisticsScreen</name>
    <message>
        <source>Statistics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One row per week, site and value, with codes: for spreadsheets and further processing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The weekly reports as they are sent, for other systems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Excel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An Excel workbook: one sheet per dimension, with labels in Finnish, Swedish and English</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weeks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 4 weeks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All sites</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>People</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A group info session counts each participant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visits per week on average</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The unmet-need signal: visits where no service existed for the visitor&apos;s need</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visits per week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing recorded in these weeks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shares of the %1 visits referred onward.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A visit can have several, so shares add up to more than 100%.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only when the visitor volunteers it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export statistics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the file: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TodayModel</name>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Topics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group of %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UnlockScreen</name>
    <message>
        <source>Neuvo — locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Neuvo is locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visits and the directory on this laptop are encrypted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Desk passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forgot the passphrase? Use the recovery key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the recovery key you stored at setup, then choose a new desk passphrase. The old passphrase stops working.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set new passphrase and unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the desk passphrase.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a strong new passphrase and type it twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong passphrase. Too many attempts: try again in %1 s.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VisitForm</name>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stays on this laptop. No names, identity codes, phone numbers or e-mail addresses.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>people</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many took part in the group info session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More: how they found the desk, about the visitor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional details; the part about the visitor only if they tell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About the visitor below: only what they tell, unasked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tick “%1” to choose where to</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WeeklyModel</name>
    <message>
        <source>Week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>People</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
