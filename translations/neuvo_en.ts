<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Neuvo</source>
        <translation>About Neuvo</translation>
    </message>
    <message>
        <source>Neuvo %1</source>
        <translation>Neuvo %1</translation>
    </message>
    <message>
        <source>The offline desk for advisory points: anonymous visit statistics, the service directory and handouts in the visitor's language.</source>
        <translation>The offline desk for advisory points: anonymous visit statistics, the service directory and handouts in the visitor's language.</translation>
    </message>
    <message>
        <source>Version %1. Licence: %2 (European Union Public Licence).</source>
        <translation>Version %1. Licence: %2 (European Union Public Licence).</translation>
    </message>
    <message>
        <source>Data folder (encrypted): %1</source>
        <translation>Data folder (encrypted): %1</translation>
    </message>
    <message>
        <source>Neuvo ships with these components under their own licences. Qt and PySide6 are used under the LGPL 3.0: their libraries in the program folder may be replaced with other builds.</source>
        <translation>Neuvo ships with these components under their own licences. Qt and PySide6 are used under the LGPL 3.0: their libraries in the program folder may be replaced with other builds.</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>Component</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Licence</translation>
    </message>
</context>
<context>
    <name>CountsModel</name>
    <message>
        <source>%1%</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>Visits</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Share</translation>
    </message>
</context>
<context>
    <name>DeskScreen</name>
    <message>
        <source>Save and keep</source>
        <translation>Save and keep</translation>
    </message>
    <message>
        <source>Save, and keep the choices for a similar visit (Ctrl+Shift+Enter)</source>
        <translation>Save, and keep the choices for a similar visit (Ctrl+Shift+Enter)</translation>
    </message>
    <message>
        <source>Save and ask</source>
        <translation>Save and ask</translation>
    </message>
    <message>
        <source>Save, then turn the screen to the visitor: did they get the help they needed? (Ctrl+Alt+Enter)</source>
        <translation>Save, then turn the screen to the visitor: did they get the help they needed? (Ctrl+Alt+Enter)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Leave the visit as it was (Esc)</source>
        <translation>Leave the visit as it was (Esc)</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>Today's visits</source>
        <translation>Today's visits</translation>
    </message>
    <message>
        <source>today</source>
        <translation>today</translation>
    </message>
    <message>
        <source>this week</source>
        <translation>this week</translation>
    </message>
    <message>
        <source>No visits logged today yet.
Each saved visit appears here.</source>
        <translation>No visits logged today yet.
Each saved visit appears here.</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>Load the selected visit into the form to correct it (Enter)</source>
        <translation>Load the selected visit into the form to correct it (Enter)</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Delete…</translation>
    </message>
    <message>
        <source>Delete the selected visit</source>
        <translation>Delete the selected visit</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>Save changes</translation>
    </message>
    <message>
        <source>Save visit</source>
        <translation>Save visit</translation>
    </message>
    <message>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <source>Close the session left open (above) to log new visits.</source>
        <translation>Close the session left open (above) to log new visits.</translation>
    </message>
    <message>
        <source>Start a desk session (above) to log visits.</source>
        <translation>Start a desk session (above) to log visits.</translation>
    </message>
    <message>
        <source>Nothing to undo</source>
        <translation>Nothing to undo</translation>
    </message>
    <message>
        <source>Remove the visit just saved (Ctrl+Z)</source>
        <translation>Remove the visit just saved (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Put back the visit as it was before the correction (Ctrl+Z)</source>
        <translation>Put back the visit as it was before the correction (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Restore the deleted visit (Ctrl+Z)</source>
        <translation>Restore the deleted visit (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Not saved: this site does not ask the exit question (Settings → Sites). Ctrl+Enter saves.</source>
        <translation>Not saved: this site does not ask the exit question (Settings → Sites). Ctrl+Enter saves.</translation>
    </message>
    <message>
        <source>Not saved: choose at least a topic, the language or what was done.</source>
        <translation>Not saved: choose at least a topic, the language or what was done.</translation>
    </message>
    <message>
        <source>Already saved. To log one more visit like it, press again in a moment.</source>
        <translation>Already saved. To log one more visit like it, press again in a moment.</translation>
    </message>
    <message>
        <source>Visit saved</source>
        <translation>Visit saved</translation>
    </message>
    <message>
        <source>The visitor's answer is counted</source>
        <translation>The visitor's answer is counted</translation>
    </message>
    <message>
        <source>Changes saved</source>
        <translation>Changes saved</translation>
    </message>
    <message>
        <source>Not saved: check the note.</source>
        <translation>Not saved: check the note.</translation>
    </message>
    <message>
        <source>Visit removed</source>
        <translation>Visit removed</translation>
    </message>
    <message>
        <source>Visit removed; its choices are back in the form</source>
        <translation>Visit removed; its choices are back in the form</translation>
    </message>
    <message>
        <source>Correction undone</source>
        <translation>Correction undone</translation>
    </message>
    <message>
        <source>Visit restored</source>
        <translation>Visit restored</translation>
    </message>
    <message>
        <source>Correcting the visit of %1. Change what is wrong, then Save changes (Ctrl+Enter) or Cancel (Esc).</source>
        <translation>Correcting the visit of %1. Change what is wrong, then Save changes (Ctrl+Enter) or Cancel (Esc).</translation>
    </message>
    <message>
        <source>Delete visit</source>
        <translation>Delete visit</translation>
    </message>
    <message>
        <source>Delete the visit of %1?</source>
        <translation>Delete the visit of %1?</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Keep</translation>
    </message>
    <message>
        <source>Visit deleted</source>
        <translation>Visit deleted</translation>
    </message>
    <message>
        <source>Ctrl+Enter save · Ctrl+Alt+Enter save and ask · Ctrl+Z undo</source>
        <translation>Ctrl+Enter save · Ctrl+Alt+Enter save and ask · Ctrl+Z undo</translation>
    </message>
    <message>
        <source>Ctrl+Enter save · Ctrl+Shift+Enter keep choices · Ctrl+Z undo</source>
        <translation>Ctrl+Enter save · Ctrl+Shift+Enter keep choices · Ctrl+Z undo</translation>
    </message>
</context>
<context>
    <name>DirectoryScreen</name>
    <message>
        <source>Service directory</source>
        <translation>Service directory</translation>
    </message>
    <message>
        <source>Search services</source>
        <translation>Search services</translation>
    </message>
    <message>
        <source>Service details</source>
        <translation>Service details</translation>
    </message>
    <message>
        <source>Services found</source>
        <translation>Services found</translation>
    </message>
    <message>
        <source>Our note about this service</source>
        <translation>Our note about this service</translation>
    </message>
    <message>
        <source>Topic filter</source>
        <translation>Topic filter</translation>
    </message>
    <message>
        <source>Language filter</source>
        <translation>Language filter</translation>
    </message>
    <message>
        <source>Search services: name, topic, place… (Ctrl+F)</source>
        <translation>Search services: name, topic, place… (Ctrl+F)</translation>
    </message>
    <message>
        <source>Open now</source>
        <translation>Open now</translation>
    </message>
    <message>
        <source>No appointment</source>
        <translation>No appointment</translation>
    </message>
    <message>
        <source>Only services the source says need no appointment (drop-in)</source>
        <translation>Only services the source says need no appointment (drop-in)</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Free</translation>
    </message>
    <message>
        <source>Only services the source says cost nothing</source>
        <translation>Only services the source says cost nothing</translation>
    </message>
    <message>
        <source>Under 30s</source>
        <translation>Under 30s</translation>
    </message>
    <message>
        <source>Only services for young people (an age limit of 30 or less)</source>
        <translation>Only services for young people (an age limit of 30 or less)</translation>
    </message>
    <message>
        <source>Add service…</source>
        <translation>Add service…</translation>
    </message>
    <message>
        <source>Add a service that is not in the directory, e.g. an NGO's weekly drop-in</source>
        <translation>Add a service that is not in the directory, e.g. an NGO's weekly drop-in</translation>
    </message>
    <message>
        <source>Refer</source>
        <translation>Refer</translation>
    </message>
    <message>
        <source>Record this service as the referral of the visit on the Desk screen</source>
        <translation>Record this service as the referral of the visit on the Desk screen</translation>
    </message>
    <message>
        <source>Handout…</source>
        <translation>Handout…</translation>
    </message>
    <message>
        <source>Print, save or show the selected services in the visitor's language (Ctrl+P)</source>
        <translation>Print, save or show the selected services in the visitor's language (Ctrl+P)</translation>
    </message>
    <message>
        <source>Checked today</source>
        <translation>Checked today</translation>
    </message>
    <message>
        <source>The details were confirmed today</source>
        <translation>The details were confirmed today</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>Wrong?…</source>
        <translation>Wrong?…</translation>
    </message>
    <message>
        <source>Tell the coordinator that this entry is wrong or out of date (sent with the next sync)</source>
        <translation>Tell the coordinator that this entry is wrong or out of date (sent with the next sync)</translation>
    </message>
    <message>
        <source>Our note about this service, e.g. call ahead for Somali</source>
        <translation>Our note about this service, e.g. call ahead for Somali</translation>
    </message>
    <message>
        <source>Save note</source>
        <translation>Save note</translation>
    </message>
    <message>
        <source>The source has a new version of this entry, which you have edited here. Which one is right?</source>
        <translation>The source has a new version of this entry, which you have edited here. Which one is right?</translation>
    </message>
    <message>
        <source>Take the new version</source>
        <translation>Take the new version</translation>
    </message>
    <message>
        <source>Keep ours</source>
        <translation>Keep ours</translation>
    </message>
    <message>
        <source>All topics</source>
        <translation>All topics</translation>
    </message>
    <message>
        <source>Any language</source>
        <translation>Any language</translation>
    </message>
    <message>
        <source>Given in %1</source>
        <translation>Given in %1</translation>
    </message>
    <message>
        <source>No services match “%1”. Try fewer letters, another word or fewer filters.</source>
        <translation>No services match “%1”. Try fewer letters, another word or fewer filters.</translation>
    </message>
    <message>
        <source>No services match these filters.</source>
        <translation>No services match these filters.</translation>
    </message>
    <message>
        <source>Services shown: %1</source>
        <translation>Services shown: %1</translation>
    </message>
    <message>
        <source>No services match.</source>
        <translation>No services match.</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>Unpin</translation>
    </message>
    <message>
        <source>Pin for this site</source>
        <translation>Pin for this site</translation>
    </message>
    <message>
        <source>Marked as checked today.</source>
        <translation>Marked as checked today.</translation>
    </message>
    <message>
        <source>Note saved.</source>
        <translation>Note saved.</translation>
    </message>
    <message>
        <source>The new version is in use.</source>
        <translation>The new version is in use.</translation>
    </message>
    <message>
        <source>Our version is kept.</source>
        <translation>Our version is kept.</translation>
    </message>
    <message>
        <source>Service added.</source>
        <translation>Service added.</translation>
    </message>
    <message>
        <source>Changes saved.</source>
        <translation>Changes saved.</translation>
    </message>
    <message>
        <source>Flag saved: the coordinator gets it with the next sync.</source>
        <translation>Flag saved: the coordinator gets it with the next sync.</translation>
    </message>
</context>
<context>
    <name>EntryView</name>
    <message>
        <source>Choose a service on the left to see its details.</source>
        <translation>Choose a service on the left to see its details.</translation>
    </message>
    <message>
        <source>Notice: %1</source>
        <translation>Notice: %1</translation>
    </message>
    <message>
        <source>The source no longer lists this service.</source>
        <translation>The source no longer lists this service.</translation>
    </message>
    <message>
        <source>never</source>
        <translation>never</translation>
    </message>
    <message>
        <source>Possibly out of date: last checked %1.</source>
        <translation>Possibly out of date: last checked %1.</translation>
    </message>
    <message>
        <source>Open now</source>
        <translation>Open now</translation>
    </message>
    <message>
        <source>Closed now</source>
        <translation>Closed now</translation>
    </message>
    <message>
        <source>A phone service line</source>
        <translation>A phone service line</translation>
    </message>
    <message>
        <source>An e-service (on the web)</source>
        <translation>An e-service (on the web)</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>Fax</source>
        <translation>Fax</translation>
    </message>
    <message>
        <source>Text message</source>
        <translation>Text message</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Web</source>
        <translation>Web</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Every day</source>
        <translation>Every day</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Languages</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Topics</translation>
    </message>
    <message>
        <source>Belongs with</source>
        <translation>Belongs with</translation>
    </message>
    <message>
        <source>Last checked</source>
        <translation>Last checked</translation>
    </message>
    <message>
        <source>Our note</source>
        <translation>Our note</translation>
    </message>
    <message>
        <source>For</source>
        <translation>For</translation>
    </message>
    <message>
        <source>Not for</source>
        <translation>Not for</translation>
    </message>
    <message>
        <source>How to get it</source>
        <translation>How to get it</translation>
    </message>
    <message>
        <source>Appointment needed</source>
        <translation>Appointment needed</translation>
    </message>
    <message>
        <source>No appointment needed</source>
        <translation>No appointment needed</translation>
    </message>
    <message>
        <source>Appointment</source>
        <translation>Appointment</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Free</translation>
    </message>
    <message>
        <source>Costs something</source>
        <translation>Costs something</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Cost</translation>
    </message>
    <message>
        <source>Documents to bring</source>
        <translation>Documents to bring</translation>
    </message>
    <message>
        <source>Interpreting</source>
        <translation>Interpreting</translation>
    </message>
    <message>
        <source>%1–%2 years</source>
        <translation>%1–%2 years</translation>
    </message>
    <message>
        <source>up to %1 years</source>
        <translation>up to %1 years</translation>
    </message>
    <message>
        <source>from %1 years</source>
        <translation>from %1 years</translation>
    </message>
    <message>
        <source>Ages</source>
        <translation>Ages</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Too many wrong attempts. Try again in %1 seconds.</source>
        <translation>Too many wrong attempts. Try again in %1 seconds.</translation>
    </message>
    <message>
        <source>Wrong passphrase. Check the keyboard layout and Caps Lock.</source>
        <translation>Wrong passphrase. Check the keyboard layout and Caps Lock.</translation>
    </message>
    <message>
        <source>That recovery key does not open this store. Check it letter by letter.</source>
        <translation>That recovery key does not open this store. Check it letter by letter.</translation>
    </message>
    <message>
        <source>The passphrase is too easy to guess. Use at least 10 characters, e.g. several unrelated words.</source>
        <translation>The passphrase is too easy to guess. Use at least 10 characters, e.g. several unrelated words.</translation>
    </message>
    <message>
        <source>a personal identity code</source>
        <translation>a personal identity code</translation>
    </message>
    <message>
        <source>a phone number</source>
        <translation>a phone number</translation>
    </message>
    <message>
        <source>an e-mail address</source>
        <translation>an e-mail address</translation>
    </message>
    <message>
        <source>a birth date</source>
        <translation>a birth date</translation>
    </message>
    <message>
        <source>a street address</source>
        <translation>a street address</translation>
    </message>
    <message>
        <source>The note seems to contain %1. Notes must never identify a visitor: remove it and save again. Nothing was saved.</source>
        <translation>The note seems to contain %1. Notes must never identify a visitor: remove it and save again. Nothing was saved.</translation>
    </message>
    <message>
        <source>The disk is full. Free some space and try again; nothing was saved.</source>
        <translation>The disk is full. Free some space and try again; nothing was saved.</translation>
    </message>
    <message>
        <source>This choice is not in the code lists in use (%(code)s). Choose another.</source>
        <translation>This choice is not in the code lists in use (%(code)s). Choose another.</translation>
    </message>
    <message>
        <source>The number of participants must be a whole number.</source>
        <translation>The number of participants must be a whole number.</translation>
    </message>
    <message>
        <source>A group session has 1 to %(maximum)s participants.</source>
        <translation>A group session has 1 to %(maximum)s participants.</translation>
    </message>
    <message>
        <source>Only a group info session has several participants.</source>
        <translation>Only a group info session has several participants.</translation>
    </message>
    <message>
        <source>A visit cannot be in the future. Check the time.</source>
        <translation>A visit cannot be in the future. Check the time.</translation>
    </message>
    <message>
        <source>Week %(week)s was already sent and its visits removed after the retention period; it can no longer be changed.</source>
        <translation>Week %(week)s was already sent and its visits removed after the retention period; it can no longer be changed.</translation>
    </message>
    <message>
        <source>'%(text)s' is not an ISO week like 2026-W47.</source>
        <translation>'%(text)s' is not an ISO week like 2026-W47.</translation>
    </message>
    <message>
        <source>%(year)s has no week %(week)s.</source>
        <translation>%(year)s has no week %(week)s.</translation>
    </message>
    <message>
        <source>'%(text)s' is outside the ISO years %(first)s–%(last)s.</source>
        <translation>'%(text)s' is outside the ISO years %(first)s–%(last)s.</translation>
    </message>
    <message>
        <source>The range ends (%(last)s) before it starts (%(first)s).</source>
        <translation>The range ends (%(last)s) before it starts (%(first)s).</translation>
    </message>
    <message>
        <source>'%(code)s' is not a language code Neuvo knows.</source>
        <translation>'%(code)s' is not a language code Neuvo knows.</translation>
    </message>
    <message>
        <source>The site needs a name.</source>
        <translation>The site needs a name.</translation>
    </message>
    <message>
        <source>The site name is too long (200 characters at most).</source>
        <translation>The site name is too long (200 characters at most).</translation>
    </message>
    <message>
        <source>There is already a site called %(name)s.</source>
        <translation>There is already a site called %(name)s.</translation>
    </message>
    <message>
        <source>There is no site called %(name)s.</source>
        <translation>There is no site called %(name)s.</translation>
    </message>
    <message>
        <source>That site no longer exists.</source>
        <translation>That site no longer exists.</translation>
    </message>
    <message>
        <source>Choose a weekday for the slot.</source>
        <translation>Choose a weekday for the slot.</translation>
    </message>
    <message>
        <source>The end time must be after the start time.</source>
        <translation>The end time must be after the start time.</translation>
    </message>
    <message>
        <source>'%(text)s' is not a time like 12:00.</source>
        <translation>'%(text)s' is not a time like 12:00.</translation>
    </message>
    <message>
        <source>A desk session is already open: end it first.</source>
        <translation>A desk session is already open: end it first.</translation>
    </message>
    <message>
        <source>The session must end after it starts.</source>
        <translation>The session must end after it starts.</translation>
    </message>
    <message>
        <source>The session must be over: its end is still to come.</source>
        <translation>The session must be over: its end is still to come.</translation>
    </message>
    <message>
        <source>Give a whole number.</source>
        <translation>Give a whole number.</translation>
    </message>
    <message>
        <source>The value must be at least %(minimum)s.</source>
        <translation>The value must be at least %(minimum)s.</translation>
    </message>
    <message>
        <source>The value must be at most %(maximum)s.</source>
        <translation>The value must be at most %(maximum)s.</translation>
    </message>
    <message>
        <source>'%(address)s' is not a server address like https://stats.example.fi.</source>
        <translation>'%(address)s' is not a server address like https://stats.example.fi.</translation>
    </message>
    <message>
        <source>The address must not contain '?' or '#'.</source>
        <translation>The address must not contain '?' or '#'.</translation>
    </message>
    <message>
        <source>The address must not contain a user name or password.</source>
        <translation>The address must not contain a user name or password.</translation>
    </message>
    <message>
        <source>Plain http to %(host)s would send the counts unencrypted; use an https address.</source>
        <translation>Plain http to %(host)s would send the counts unencrypted; use an https address.</translation>
    </message>
    <message>
        <source>That is not a proxy address. It looks like http://proxy.city.fi:8080.</source>
        <translation>That is not a proxy address. It looks like http://proxy.city.fi:8080.</translation>
    </message>
    <message>
        <source>The CA bundle file cannot be read.</source>
        <translation>The CA bundle file cannot be read.</translation>
    </message>
    <message>
        <source>The file is not a PEM certificate bundle.</source>
        <translation>The file is not a PEM certificate bundle.</translation>
    </message>
    <message>
        <source>An enrollment code has 12 letters and digits, as the coordinator gave it.</source>
        <translation>An enrollment code has 12 letters and digits, as the coordinator gave it.</translation>
    </message>
    <message>
        <source>This data was saved by a newer version of Neuvo. Update Neuvo to open it. Nothing was changed.</source>
        <translation>This data was saved by a newer version of Neuvo. Update Neuvo to open it. Nothing was changed.</translation>
    </message>
    <message>
        <source>Neuvo is locked. Unlock it and try again.</source>
        <translation>Neuvo is locked. Unlock it and try again.</translation>
    </message>
    <message>
        <source>The data is in use by another Neuvo window or command. Try again in a moment.</source>
        <translation>The data is in use by another Neuvo window or command. Try again in a moment.</translation>
    </message>
    <message>
        <source>The folder %(folder)s holds Neuvo's data but not its key file (neuvo.key). Put the key file back from your backup copy; nothing was changed.</source>
        <translation>The folder %(folder)s holds Neuvo's data but not its key file (neuvo.key). Put the key file back from your backup copy; nothing was changed.</translation>
    </message>
    <message>
        <source>There is no Neuvo data in %(folder)s.</source>
        <translation>There is no Neuvo data in %(folder)s.</translation>
    </message>
    <message>
        <source>The key file is damaged. Put back the copy from your backup, or use the recovery key. Nothing was changed.</source>
        <translation>The key file is damaged. Put back the copy from your backup, or use the recovery key. Nothing was changed.</translation>
    </message>
    <message>
        <source>The database file is missing. Restore it from your backup copy.</source>
        <translation>The database file is missing. Restore it from your backup copy.</translation>
    </message>
    <message>
        <source>The database file is empty: it was damaged or cut short. Restore it from your backup copy; nothing was changed.</source>
        <translation>The database file is empty: it was damaged or cut short. Restore it from your backup copy; nothing was changed.</translation>
    </message>
    <message>
        <source>The data cannot be read; it may be damaged. Nothing was changed.</source>
        <translation>The data cannot be read; it may be damaged. Nothing was changed.</translation>
    </message>
    <message>
        <source>The disk did not let Neuvo read or write its data (it may be full, removed or failing). Nothing was changed.</source>
        <translation>The disk did not let Neuvo read or write its data (it may be full, removed or failing). Nothing was changed.</translation>
    </message>
    <message>
        <source>Neuvo may not open its data file. Check the folder's permissions and free space.</source>
        <translation>Neuvo may not open its data file. Check the folder's permissions and free space.</translation>
    </message>
    <message>
        <source>A file of Neuvo's data cannot be written or read (%(problem)s). Nothing was changed.</source>
        <translation>A file of Neuvo's data cannot be written or read (%(problem)s). Nothing was changed.</translation>
    </message>
    <message>
        <source>%(path)s is open in another program (such as Excel or a PDF viewer) or is read-only. Close the file in the other program and save again; nothing was written.</source>
        <translation>%(path)s is open in another program (such as Excel or a PDF viewer) or is read-only. Close the file in the other program and save again; nothing was written.</translation>
    </message>
    <message>
        <source>The database refused the change; nothing was saved. Please tell your coordinator.</source>
        <translation>The database refused the change; nothing was saved. Please tell your coordinator.</translation>
    </message>
    <message>
        <source>Something went wrong: %1</source>
        <translation>Something went wrong: %1</translation>
    </message>
    <message>
        <source>Neuvo</source>
        <translation>Neuvo</translation>
    </message>
    <message>
        <source>Neuvo: unexpected error</source>
        <translation>Neuvo: unexpected error</translation>
    </message>
    <message>
        <source>Neuvo hit an unexpected error. Your saved visits are safe. Please send the details below to your coordinator.</source>
        <translation>Neuvo hit an unexpected error. Your saved visits are safe. Please send the details below to your coordinator.</translation>
    </message>
</context>
<context>
    <name>FlagDialog</name>
    <message>
        <source>Entry wrong or out of date</source>
        <translation>Entry wrong or out of date</translation>
    </message>
    <message>
        <source>What is wrong with “%1”? A few words for the coordinator; nothing about the visitor.</source>
        <translation>What is wrong with “%1”? A few words for the coordinator; nothing about the visitor.</translation>
    </message>
    <message>
        <source>e.g. moved to a new address, phone number no longer works</source>
        <translation>e.g. moved to a new address, phone number no longer works</translation>
    </message>
    <message>
        <source>What is wrong</source>
        <translation>What is wrong</translation>
    </message>
    <message>
        <source>Save flag</source>
        <translation>Save flag</translation>
    </message>
</context>
<context>
    <name>GeneralTab</name>
    <message>
        <source>Interface language</source>
        <translation>Interface language</translation>
    </message>
    <message>
        <source>Neuvo switches to the chosen language right away.</source>
        <translation>Neuvo switches to the chosen language right away.</translation>
    </message>
    <message>
        <source>Lock when idle after</source>
        <translation>Lock when idle after</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Neuvo locks itself when nobody has used it for this long; unlocking needs the passphrase. A short time protects the data when the desk is left unattended.</source>
        <translation>Neuvo locks itself when nobody has used it for this long; unlocking needs the passphrase. A short time protects the data when the desk is left unattended.</translation>
    </message>
    <message>
        <source>Saved: Neuvo locks after %1 min without use.</source>
        <translation>Saved: Neuvo locks after %1 min without use.</translation>
    </message>
</context>
<context>
    <name>HandoutDialog</name>
    <message>
        <source>Close the handout</source>
        <translation>Close the handout</translation>
    </message>
    <message>
        <source>The next steps you typed are not saved anywhere. Close and discard them?</source>
        <translation>The next steps you typed are not saved anywhere. Close and discard them?</translation>
    </message>
    <message>
        <source>Discard and close</source>
        <translation>Discard and close</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>Keep editing</translation>
    </message>
    <message>
        <source>Handout</source>
        <translation>Handout</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>Layout</translation>
    </message>
    <message>
        <source>Next steps</source>
        <translation>Next steps</translation>
    </message>
    <message>
        <source>A4 page (1–3 services)</source>
        <translation>A4 page (1–3 services)</translation>
    </message>
    <message>
        <source>Cut-out cards (8 per page)</source>
        <translation>Cut-out cards (8 per page)</translation>
    </message>
    <message>
        <source>What was agreed, who does what, by when. Printed only, never saved.</source>
        <translation>What was agreed, who does what, by when. Printed only, never saved.</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>Print with a preview (Ctrl+P)</source>
        <translation>Print with a preview (Ctrl+P)</translation>
    </message>
    <message>
        <source>Save PDF…</source>
        <translation>Save PDF…</translation>
    </message>
    <message>
        <source>Save the handout as a PDF file (Ctrl+S)</source>
        <translation>Save the handout as a PDF file (Ctrl+S)</translation>
    </message>
    <message>
        <source>Show on screen</source>
        <translation>Show on screen</translation>
    </message>
    <message>
        <source>Full screen, for the visitor to photograph or scan the codes</source>
        <translation>Full screen, for the visitor to photograph or scan the codes</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Pages: %1</source>
        <translation>Pages: %1</translation>
    </message>
    <message>
        <source>Save handout</source>
        <translation>Save handout</translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation>Could not save %1: %2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Saved %1</translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <source>Welcome to Neuvo</source>
        <translation>Welcome to Neuvo</translation>
    </message>
    <message>
        <source>Choose the language of the app. You can change it later in the settings.</source>
        <translation>Choose the language of the app. You can change it later in the settings.</translation>
    </message>
</context>
<context>
    <name>LanguagePicker</name>
    <message>
        <source>Other language: type its name or code…</source>
        <translation>Other language: type its name or code…</translation>
    </message>
    <message>
        <source>%1: another language</source>
        <translation>%1: another language</translation>
    </message>
    <message>
        <source>Other language</source>
        <translation>Other language</translation>
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
        <translation>Desk</translation>
    </message>
    <message>
        <source>Log visits (Ctrl+1)</source>
        <translation>Log visits (Ctrl+1)</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <source>Weekly counts and exports (Ctrl+2)</source>
        <translation>Weekly counts and exports (Ctrl+2)</translation>
    </message>
    <message>
        <source>Directory</source>
        <translation>Directory</translation>
    </message>
    <message>
        <source>Find the right service, offline (Ctrl+3, then Ctrl+F)</source>
        <translation>Find the right service, offline (Ctrl+3, then Ctrl+F)</translation>
    </message>
    <message>
        <source>Paper tally…</source>
        <translation>Paper tally…</translation>
    </message>
    <message>
        <source>Enter visits afterwards from a paper tally sheet</source>
        <translation>Enter visits afterwards from a paper tally sheet</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Help</translation>
    </message>
    <message>
        <source>About Neuvo… (F1)</source>
        <translation>About Neuvo… (F1)</translation>
    </message>
    <message>
        <source>Lock (Ctrl+L)</source>
        <translation>Lock (Ctrl+L)</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>Send the waiting weeks to the server now</source>
        <translation>Send the waiting weeks to the server now</translation>
    </message>
    <message>
        <source>Connect…</source>
        <translation>Connect…</translation>
    </message>
    <message>
        <source>Connect this laptop to a statistics server (Settings → Sync)</source>
        <translation>Connect this laptop to a statistics server (Settings → Sync)</translation>
    </message>
</context>
<context>
    <name>NewPassphraseFields</name>
    <message>
        <source>New passphrase</source>
        <translation>New passphrase</translation>
    </message>
    <message>
        <source>Again</source>
        <translation>Again</translation>
    </message>
    <message>
        <source>New passphrase again</source>
        <translation>New passphrase again</translation>
    </message>
    <message>
        <source>At least 10 characters. Several unrelated words are easy to type and hard to guess.</source>
        <translation>At least 10 characters. Several unrelated words are easy to type and hard to guess.</translation>
    </message>
    <message>
        <source>Too easy to guess: make it longer or less predictable.</source>
        <translation>Too easy to guess: make it longer or less predictable.</translation>
    </message>
    <message>
        <source>Strong enough. Type it again below.</source>
        <translation>Strong enough. Type it again below.</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>The two passphrases differ.</translation>
    </message>
    <message>
        <source>Strong enough, and the two match.</source>
        <translation>Strong enough, and the two match.</translation>
    </message>
</context>
<context>
    <name>PaperEntryDialog</name>
    <message>
        <source>Visits from a paper tally sheet</source>
        <translation>Visits from a paper tally sheet</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Session</translation>
    </message>
    <message>
        <source>A session not yet in Neuvo</source>
        <translation>A session not yet in Neuvo</translation>
    </message>
    <message>
        <source>A session already in Neuvo</source>
        <translation>A session already in Neuvo</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Staff present</source>
        <translation>Staff present</translation>
    </message>
    <message>
        <source>Partner organisation</source>
        <translation>Partner organisation</translation>
    </message>
    <message>
        <source>to</source>
        <translation>to</translation>
    </message>
    <message>
        <source>Session started at</source>
        <translation>Session started at</translation>
    </message>
    <message>
        <source>Session ended at</source>
        <translation>Session ended at</translation>
    </message>
    <message>
        <source>First names or initials (optional)</source>
        <translation>First names or initials (optional)</translation>
    </message>
    <message>
        <source>e.g. Monik ry (optional)</source>
        <translation>e.g. Monik ry (optional)</translation>
    </message>
    <message>
        <source>No ended sessions yet.</source>
        <translation>No ended sessions yet.</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>Visit</translation>
    </message>
    <message>
        <source>Time of day</source>
        <translation>Time of day</translation>
    </message>
    <message>
        <source>How many identical visits</source>
        <translation>How many identical visits</translation>
    </message>
    <message>
        <source>Add to list</source>
        <translation>Add to list</translation>
    </message>
    <message>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <source>Fill in a visit on the left and press Add to list. Nothing is saved until you press Save all.</source>
        <translation>Fill in a visit on the left and press Add to list. Nothing is saved until you press Save all.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>The session must end after it starts.</source>
        <translation>The session must end after it starts.</translation>
    </message>
    <message>
        <source>The session must be over: its end is still to come.</source>
        <translation>The session must be over: its end is still to come.</translation>
    </message>
    <message>
        <source>Choose the session.</source>
        <translation>Choose the session.</translation>
    </message>
    <message>
        <source>Added. Fill in the next one.</source>
        <translation>Added. Fill in the next one.</translation>
    </message>
    <message>
        <source>Remove from the list</source>
        <translation>Remove from the list</translation>
    </message>
    <message>
        <source>Visits to save: %1</source>
        <translation>Visits to save: %1</translation>
    </message>
    <message>
        <source>Save all (%1)</source>
        <translation>Save all (%1)</translation>
    </message>
    <message>
        <source>Save all</source>
        <translation>Save all</translation>
    </message>
    <message>
        <source>Discard the list?</source>
        <translation>Discard the list?</translation>
    </message>
    <message>
        <source>Visits on the list that are not saved yet: %1. Discard them?</source>
        <translation>Visits on the list that are not saved yet: %1. Discard them?</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Discard</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>Keep editing</translation>
    </message>
</context>
<context>
    <name>PassphrasePage</name>
    <message>
        <source>Desk passphrase</source>
        <translation>Desk passphrase</translation>
    </message>
    <message>
        <source>Everything Neuvo stores on this laptop is encrypted with it.</source>
        <translation>Everything Neuvo stores on this laptop is encrypted with it.</translation>
    </message>
    <message>
        <source>Everyone who works at this desk uses this passphrase to unlock Neuvo. Neuvo locks itself when it is not used for a while.</source>
        <translation>Everyone who works at this desk uses this passphrase to unlock Neuvo. Neuvo locks itself when it is not used for a while.</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Create</translation>
    </message>
</context>
<context>
    <name>PendingModel</name>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>Visit</translation>
    </message>
    <message>
        <source>(no topic)</source>
        <translation>(no topic)</translation>
    </message>
    <message>
        <source>Group of %1</source>
        <translation>Group of %1</translation>
    </message>
</context>
<context>
    <name>RecoveryPage</name>
    <message>
        <source>Recovery key</source>
        <translation>Recovery key</translation>
    </message>
    <message>
        <source>Shown only this once.</source>
        <translation>Shown only this once.</translation>
    </message>
    <message>
        <source>If the passphrase is forgotten, this key is the only way to open the data. Print it or write it down and give it to your coordinator to keep in a safe place. Do not keep it with the laptop.</source>
        <translation>If the passphrase is forgotten, this key is the only way to open the data. Print it or write it down and give it to your coordinator to keep in a safe place. Do not keep it with the laptop.</translation>
    </message>
    <message>
        <source>Print the recovery key…</source>
        <translation>Print the recovery key…</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Try again</translation>
    </message>
    <message>
        <source>I have stored the recovery key</source>
        <translation>I have stored the recovery key</translation>
    </message>
    <message>
        <source>Creating the encrypted store…</source>
        <translation>Creating the encrypted store…</translation>
    </message>
    <message>
        <source>The encrypted store is ready. Here is its recovery key:</source>
        <translation>The encrypted store is ready. Here is its recovery key:</translation>
    </message>
    <message>
        <source>Neuvo recovery key</source>
        <translation>Neuvo recovery key</translation>
    </message>
</context>
<context>
    <name>SecurityTab</name>
    <message>
        <source>Everyone at this desk unlocks Neuvo with the desk passphrase. After changing it, tell the new one to your colleagues in person, never by e-mail or chat.</source>
        <translation>Everyone at this desk unlocks Neuvo with the desk passphrase. After changing it, tell the new one to your colleagues in person, never by e-mail or chat.</translation>
    </message>
    <message>
        <source>Current passphrase</source>
        <translation>Current passphrase</translation>
    </message>
    <message>
        <source>Change passphrase</source>
        <translation>Change passphrase</translation>
    </message>
    <message>
        <source>The recovery key does not change: the printed key your coordinator keeps still opens the data. The data is not re-encrypted; only the passphrase that unlocks it changes.</source>
        <translation>The recovery key does not change: the printed key your coordinator keeps still opens the data. The data is not re-encrypted; only the passphrase that unlocks it changes.</translation>
    </message>
    <message>
        <source>Changing the passphrase…</source>
        <translation>Changing the passphrase…</translation>
    </message>
    <message>
        <source>The passphrase is changed. Use the new one from now on.</source>
        <translation>The passphrase is changed. Use the new one from now on.</translation>
    </message>
</context>
<context>
    <name>ServiceDialog</name>
    <message>
        <source>Edit service</source>
        <translation>Edit service</translation>
    </message>
    <message>
        <source>Add service</source>
        <translation>Add service</translation>
    </message>
    <message>
        <source>Name in Finnish</source>
        <translation>Name in Finnish</translation>
    </message>
    <message>
        <source>Name in Swedish</source>
        <translation>Name in Swedish</translation>
    </message>
    <message>
        <source>Name in English</source>
        <translation>Name in English</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Web address</source>
        <translation>Web address</translation>
    </message>
    <message>
        <source>Street, postal code, city</source>
        <translation>Street, postal code, city</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Given in</source>
        <translation>Given in</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Topics</translation>
    </message>
    <message>
        <source>Who it is for</source>
        <translation>Who it is for</translation>
    </message>
    <message>
        <source>Not for, does not do</source>
        <translation>Not for, does not do</translation>
    </message>
    <message>
        <source>How to get it</source>
        <translation>How to get it</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Cost</translation>
    </message>
    <message>
        <source>Documents to bring</source>
        <translation>Documents to bring</translation>
    </message>
    <message>
        <source>Interpreting</source>
        <translation>Interpreting</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>Notice</translation>
    </message>
    <message>
        <source>Ages</source>
        <translation>Ages</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>For the referral</source>
        <translation>For the referral</translation>
    </message>
    <message>
        <source>Appointment needed</source>
        <translation>Appointment needed</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Free</translation>
    </message>
    <message>
        <source>Ticked: needed; empty: not needed; half: not known</source>
        <translation>Ticked: needed; empty: not needed; half: not known</translation>
    </message>
    <message>
        <source>Ticked: free; empty: costs something; half: not known</source>
        <translation>Ticked: free; empty: costs something; half: not known</translation>
    </message>
    <message>
        <source>e.g. young people under 30, people without papers</source>
        <translation>e.g. young people under 30, people without papers</translation>
    </message>
    <message>
        <source>One document a line</source>
        <translation>One document a line</translation>
    </message>
    <message>
        <source>Minimum age</source>
        <translation>Minimum age</translation>
    </message>
    <message>
        <source>Maximum age</source>
        <translation>Maximum age</translation>
    </message>
    <message>
        <source>not said</source>
        <translation>not said</translation>
    </message>
    <message>
        <source>What they help with, for whom, what to bring</source>
        <translation>What they help with, for whom, what to bring</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>Street</translation>
    </message>
    <message>
        <source>Postal code</source>
        <translation>Postal code</translation>
    </message>
    <message>
        <source>City</source>
        <translation>City</translation>
    </message>
    <message>
        <source>Opens at</source>
        <translation>Opens at</translation>
    </message>
    <message>
        <source>Closes at</source>
        <translation>Closes at</translation>
    </message>
    <message>
        <source>Give the service a name in at least one language.</source>
        <translation>Give the service a name in at least one language.</translation>
    </message>
    <message>
        <source>The minimum age is above the maximum age.</source>
        <translation>The minimum age is above the maximum age.</translation>
    </message>
</context>
<context>
    <name>SessionBar</name>
    <message>
        <source>Start the session of this weekly slot now</source>
        <translation>Start the session of this weekly slot now</translation>
    </message>
    <message>
        <source>Open since %1</source>
        <translation>Open since %1</translation>
    </message>
    <message>
        <source>with %1</source>
        <translation>with %1</translation>
    </message>
    <message>
        <source>Staff: %1</source>
        <translation>Staff: %1</translation>
    </message>
    <message>
        <source>The session at %1 that started on %2 at %3 was never ended. When did it end?</source>
        <translation>The session at %1 that started on %2 at %3 was never ended. When did it end?</translation>
    </message>
    <message>
        <source>No desk session open</source>
        <translation>No desk session open</translation>
    </message>
    <message>
        <source>Start a session to log visits.</source>
        <translation>Start a session to log visits.</translation>
    </message>
    <message>
        <source>Start desk session…</source>
        <translation>Start desk session…</translation>
    </message>
    <message>
        <source>Choose the site, start time, staff and partner</source>
        <translation>Choose the site, start time, staff and partner</translation>
    </message>
    <message>
        <source>End session</source>
        <translation>End session</translation>
    </message>
    <message>
        <source>End the desk session now</source>
        <translation>End the desk session now</translation>
    </message>
    <message>
        <source>A desk session was left open</source>
        <translation>A desk session was left open</translation>
    </message>
    <message>
        <source>Ended at</source>
        <translation>Ended at</translation>
    </message>
    <message>
        <source>Close session</source>
        <translation>Close session</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>General</source>
        <translation>General</translation>
    </message>
    <message>
        <source>Sites</source>
        <translation>Sites</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>Security</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sync</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>Neuvo — setup</source>
        <translation>Neuvo — setup</translation>
    </message>
    <message>
        <source>&lt; Back</source>
        <translation>&lt; Back</translation>
    </message>
    <message>
        <source>Next &gt;</source>
        <translation>Next &gt;</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>Opening the desk…</source>
        <translation>Opening the desk…</translation>
    </message>
</context>
<context>
    <name>SitePage</name>
    <message>
        <source>Where is this desk?</source>
        <translation>Where is this desk?</translation>
    </message>
    <message>
        <source>The first site this laptop works at. You can add more sites later.</source>
        <translation>The first site this laptop works at. You can add more sites later.</translation>
    </message>
    <message>
        <source>Site name</source>
        <translation>Site name</translation>
    </message>
    <message>
        <source>e.g. Puhos shopping centre</source>
        <translation>e.g. Puhos shopping centre</translation>
    </message>
    <message>
        <source>A place, not a person: visits are counted per site and week.</source>
        <translation>A place, not a person: visits are counted per site and week.</translation>
    </message>
    <message>
        <source>Languages usually spoken at this desk (they are offered first when you log a visit):</source>
        <translation>Languages usually spoken at this desk (they are offered first when you log a visit):</translation>
    </message>
    <message>
        <source>Usual languages</source>
        <translation>Usual languages</translation>
    </message>
</context>
<context>
    <name>SitesModel</name>
    <message>
        <source>%1 (default)</source>
        <translation>%1 (default)</translation>
    </message>
</context>
<context>
    <name>SitesTab</name>
    <message>
        <source>New site…</source>
        <translation>New site…</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>e.g. Puhos shopping centre</source>
        <translation>e.g. Puhos shopping centre</translation>
    </message>
    <message>
        <source>Usual languages</source>
        <translation>Usual languages</translation>
    </message>
    <message>
        <source>Offered first when a visit is logged at this site.</source>
        <translation>Offered first when a visit is logged at this site.</translation>
    </message>
    <message>
        <source>Make default</source>
        <translation>Make default</translation>
    </message>
    <message>
        <source>Neuvo opens at the default site and logs visits there</source>
        <translation>Neuvo opens at the default site and logs visits there</translation>
    </message>
    <message>
        <source>This is the default site.</source>
        <translation>This is the default site.</translation>
    </message>
    <message>
        <source>Usual weekly hours</source>
        <translation>Usual weekly hours</translation>
    </message>
    <message>
        <source>Sites</source>
        <translation>Sites</translation>
    </message>
    <message>
        <source>Weekday of the new slot</source>
        <translation>Weekday of the new slot</translation>
    </message>
    <message>
        <source>Slot starts at</source>
        <translation>Slot starts at</translation>
    </message>
    <message>
        <source>Slot ends at</source>
        <translation>Slot ends at</translation>
    </message>
    <message>
        <source>Partner organisation of the slot</source>
        <translation>Partner organisation of the slot</translation>
    </message>
    <message>
        <source>Ask visitors the exit question: “Did you get the help you needed?”</source>
        <translation>Ask visitors the exit question: “Did you get the help you needed?”</translation>
    </message>
    <message>
        <source>After “Save and ask” (Ctrl+Alt+Enter) the screen turns to the visitor, in the visit's language: one tap, nothing typed. Only the answer is counted, never with the visit.</source>
        <translation>After “Save and ask” (Ctrl+Alt+Enter) the screen turns to the visitor, in the visit's language: one tap, nothing typed. Only the answer is counted, never with the visit.</translation>
    </message>
    <message>
        <source>Partner organisation (optional)</source>
        <translation>Partner organisation (optional)</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>New site</source>
        <translation>New site</translation>
    </message>
    <message>
        <source>Add site</source>
        <translation>Add site</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>Save changes</translation>
    </message>
    <message>
        <source>Site added.</source>
        <translation>Site added.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <source>%1 is now the default site.</source>
        <translation>%1 is now the default site.</translation>
    </message>
    <message>
        <source>Weekly hours added.</source>
        <translation>Weekly hours added.</translation>
    </message>
    <message>
        <source>Weekly hours removed.</source>
        <translation>Weekly hours removed.</translation>
    </message>
</context>
<context>
    <name>SlotsModel</name>
    <message>
        <source>Day</source>
        <translation>Day</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Partner organisation</source>
        <translation>Partner organisation</translation>
    </message>
</context>
<context>
    <name>StartSessionDialog</name>
    <message>
        <source>Start desk session</source>
        <translation>Start desk session</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>Started at</source>
        <translation>Started at</translation>
    </message>
    <message>
        <source>Staff present</source>
        <translation>Staff present</translation>
    </message>
    <message>
        <source>Partner organisation</source>
        <translation>Partner organisation</translation>
    </message>
    <message>
        <source>First names or initials, e.g. Aino, Li</source>
        <translation>First names or initials, e.g. Aino, Li</translation>
    </message>
    <message>
        <source>e.g. Monik ry (optional)</source>
        <translation>e.g. Monik ry (optional)</translation>
    </message>
    <message>
        <source>Start session</source>
        <translation>Start session</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>StatisticsScreen</name>
    <message>
        <source>Statistics</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <source>Export:</source>
        <translation>Export:</translation>
    </message>
    <message>
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <source>One row per week, site and value, with codes; opens in Excel by double-click (semicolons, UTF-8)</source>
        <translation>One row per week, site and value, with codes; opens in Excel by double-click (semicolons, UTF-8)</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>The weekly reports as they are sent, for other systems</source>
        <translation>The weekly reports as they are sent, for other systems</translation>
    </message>
    <message>
        <source>Excel</source>
        <translation>Excel</translation>
    </message>
    <message>
        <source>An Excel workbook: one sheet per dimension, with labels in Finnish, Swedish and English</source>
        <translation>An Excel workbook: one sheet per dimension, with labels in Finnish, Swedish and English</translation>
    </message>
    <message>
        <source>Weeks</source>
        <translation>Weeks</translation>
    </message>
    <message>
        <source>to</source>
        <translation>to</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>This week</translation>
    </message>
    <message>
        <source>Last 4 weeks</source>
        <translation>Last 4 weeks</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>This year</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>All sites</source>
        <translation>All sites</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>Visits</translation>
    </message>
    <message>
        <source>People</source>
        <translation>People</translation>
    </message>
    <message>
        <source>A group info session counts each participant</source>
        <translation>A group info session counts each participant</translation>
    </message>
    <message>
        <source>Visits per week on average</source>
        <translation>Visits per week on average</translation>
    </message>
    <message>
        <source>visits where no service existed for the need</source>
        <translation>visits where no service existed for the need</translation>
    </message>
    <message>
        <source>The unmet-need signal: visits where no service existed for the visitor's need</source>
        <translation>The unmet-need signal: visits where no service existed for the visitor's need</translation>
    </message>
    <message>
        <source>Visits per week</source>
        <translation>Visits per week</translation>
    </message>
    <message>
        <source>Nothing recorded in these weeks.</source>
        <translation>Nothing recorded in these weeks.</translation>
    </message>
    <message>
        <source>before: %1</source>
        <translation>before: %1</translation>
    </message>
    <message>
        <source>The previous period of the same length: %1</source>
        <translation>The previous period of the same length: %1</translation>
    </message>
    <message>
        <source>Not recorded</source>
        <translation>Not recorded</translation>
    </message>
    <message>
        <source>Not asked</source>
        <translation>Not asked</translation>
    </message>
    <message numerus="yes">
        <source>Shares of the %n visit(s) referred onward.</source>
        <translation>
            <numerusform>Shares of the %n visit referred onward.</numerusform>
            <numerusform>Shares of the %n visits referred onward.</numerusform>
        </translation>
    </message>
    <message>
        <source>A visit can have several, so shares add up to more than 100%.</source>
        <translation>A visit can have several, so shares add up to more than 100%.</translation>
    </message>
    <message>
        <source>Only when the visitor volunteers it.</source>
        <translation>Only when the visitor volunteers it.</translation>
    </message>
    <message numerus="yes">
        <source>Response rate %1%: %2 of the %n visitor(s) asked answered.</source>
        <translation>
            <numerusform>Response rate %1%: %2 of the %n visitor asked answered.</numerusform>
            <numerusform>Response rate %1%: %2 of the %n visitors asked answered.</numerusform>
        </translation>
    </message>
    <message>
        <source>Asked after %1% of the visits.</source>
        <translation>Asked after %1% of the visits.</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON files (*.json)</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <source>Export statistics</source>
        <translation>Export statistics</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Saved %1</translation>
    </message>
    <message>
        <source>Could not save the file: %1</source>
        <translation>Could not save the file: %1</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <source>never</source>
        <translation>never</translation>
    </message>
    <message>
        <source>today %1</source>
        <translation>today %1</translation>
    </message>
    <message>
        <source>yesterday %1</source>
        <translation>yesterday %1</translation>
    </message>
    <message>
        <source>nothing waiting</source>
        <translation>nothing waiting</translation>
    </message>
    <message>
        <source>1 week waiting</source>
        <translation>1 week waiting</translation>
    </message>
    <message>
        <source>%1 weeks waiting</source>
        <translation>%1 weeks waiting</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>nothing</translation>
    </message>
    <message>
        <source>1 week</source>
        <translation>1 week</translation>
    </message>
    <message>
        <source>%1 weeks</source>
        <translation>%1 weeks</translation>
    </message>
    <message>
        <source>In the server's words: %1</source>
        <translation>In the server's words: %1</translation>
    </message>
    <message>
        <source>server not reachable, will retry</source>
        <translation>server not reachable, will retry</translation>
    </message>
    <message>
        <source>server certificate not trusted</source>
        <translation>server certificate not trusted</translation>
    </message>
    <message>
        <source>proxy not reachable, will retry</source>
        <translation>proxy not reachable, will retry</translation>
    </message>
    <message>
        <source>last sync did not finish, will retry</source>
        <translation>last sync did not finish, will retry</translation>
    </message>
    <message>
        <source>disconnected by the coordinator</source>
        <translation>disconnected by the coordinator</translation>
    </message>
    <message>
        <source>not connected to a server</source>
        <translation>not connected to a server</translation>
    </message>
    <message>
        <source>the server no longer knows this laptop</source>
        <translation>the server no longer knows this laptop</translation>
    </message>
    <message>
        <source>enrollment code not accepted</source>
        <translation>enrollment code not accepted</translation>
    </message>
    <message>
        <source>the server refused some weeks (see Settings → Sync)</source>
        <translation>the server refused some weeks (see Settings → Sync)</translation>
    </message>
    <message>
        <source>last attempt failed</source>
        <translation>last attempt failed</translation>
    </message>
    <message>
        <source>The server cannot be reached. Check the address and the network connection; Neuvo keeps the weeks and tries again by itself.</source>
        <translation>The server cannot be reached. Check the address and the network connection; Neuvo keeps the weeks and tries again by itself.</translation>
    </message>
    <message>
        <source>The server's certificate is not trusted. If your city's IT uses its own certificate authority, choose its CA bundle file; otherwise tell your coordinator.</source>
        <translation>The server's certificate is not trusted. If your city's IT uses its own certificate authority, choose its CA bundle file; otherwise tell your coordinator.</translation>
    </message>
    <message>
        <source>The proxy set under Network cannot be reached or does not accept Neuvo. Check its address (and user name and password) with your city's IT; Neuvo keeps the weeks and tries again by itself.</source>
        <translation>The proxy set under Network cannot be reached or does not accept Neuvo. Check its address (and user name and password) with your city's IT; Neuvo keeps the weeks and tries again by itself.</translation>
    </message>
    <message>
        <source>The last sync did not finish in time. Neuvo tries again by itself; nothing is lost.</source>
        <translation>The last sync did not finish in time. Neuvo tries again by itself; nothing is lost.</translation>
    </message>
    <message>
        <source>The coordinator has disconnected this laptop from the server. Ask for a new enrollment code to connect it again; the weeks that wait are kept.</source>
        <translation>The coordinator has disconnected this laptop from the server. Ask for a new enrollment code to connect it again; the weeks that wait are kept.</translation>
    </message>
    <message>
        <source>This laptop is not connected to a server yet.</source>
        <translation>This laptop is not connected to a server yet.</translation>
    </message>
    <message>
        <source>The server no longer knows this laptop (its data may have been reset). Connect it again with a new code from your coordinator; every week is then sent again.</source>
        <translation>The server no longer knows this laptop (its data may have been reset). Connect it again with a new code from your coordinator; every week is then sent again.</translation>
    </message>
    <message>
        <source>The enrollment code was not accepted: it may be mistyped, expired or already used on another laptop. Ask your coordinator for a new code.</source>
        <translation>The enrollment code was not accepted: it may be mistyped, expired or already used on another laptop. Ask your coordinator for a new code.</translation>
    </message>
    <message>
        <source>The server refused some weeks; they wait on this laptop. Show the server's words to your coordinator.</source>
        <translation>The server refused some weeks; they wait on this laptop. Show the server's words to your coordinator.</translation>
    </message>
    <message>
        <source>Not connected: this laptop was disconnected by the coordinator</source>
        <translation>Not connected: this laptop was disconnected by the coordinator</translation>
    </message>
    <message>
        <source>Not connected: the server no longer knows this laptop</source>
        <translation>Not connected: the server no longer knows this laptop</translation>
    </message>
    <message>
        <source>Not connected to a server</source>
        <translation>Not connected to a server</translation>
    </message>
    <message>
        <source>Last sync: %1</source>
        <translation>Last sync: %1</translation>
    </message>
    <message>
        <source>syncing…</source>
        <translation>syncing…</translation>
    </message>
</context>
<context>
    <name>SyncTab</name>
    <message>
        <source>Neuvo can send this desk's anonymous weekly counts to your organisation's statistics server whenever the laptop has a network. Only numbers leave the laptop, never notes or visit rows.</source>
        <translation>Neuvo can send this desk's anonymous weekly counts to your organisation's statistics server whenever the laptop has a network. Only numbers leave the laptop, never notes or visit rows.</translation>
    </message>
    <message>
        <source>Connect this laptop</source>
        <translation>Connect this laptop</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Server address</translation>
    </message>
    <message>
        <source>Type the new code from your coordinator. The code decides the team this laptop reports for; with a new server address, every week is sent to that server again.</source>
        <translation>Type the new code from your coordinator. The code decides the team this laptop reports for; with a new server address, every week is sent to that server again.</translation>
    </message>
    <message>
        <source>From your coordinator. It starts with https:// (plain http:// only for this computer itself).</source>
        <translation>From your coordinator. It starts with https:// (plain http:// only for this computer itself).</translation>
    </message>
    <message>
        <source>Enrollment code</source>
        <translation>Enrollment code</translation>
    </message>
    <message>
        <source>e.g. K7QM2XPA9D3H</source>
        <translation>e.g. K7QM2XPA9D3H</translation>
    </message>
    <message>
        <source>Certificate authority</source>
        <translation>Certificate authority</translation>
    </message>
    <message>
        <source>Not needed usually</source>
        <translation>Not needed usually</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>Only if your city's IT uses its own certificate authority: choose the CA bundle file (.pem) they give you.</source>
        <translation>Only if your city's IT uses its own certificate authority: choose the CA bundle file (.pem) they give you.</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Connect</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Connect with a new code…</source>
        <translation>Connect with a new code…</translation>
    </message>
    <message>
        <source>For another team or a new server address: your coordinator gives a new enrollment code.</source>
        <translation>For another team or a new server address: your coordinator gives a new enrollment code.</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Connection</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Device id</source>
        <translation>Device id</translation>
    </message>
    <message>
        <source>Last successful sync</source>
        <translation>Last successful sync</translation>
    </message>
    <message>
        <source>Waiting to be sent</source>
        <translation>Waiting to be sent</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Last error</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>Schedule and storage</source>
        <translation>Schedule and storage</translation>
    </message>
    <message>
        <source>Sync every</source>
        <translation>Sync every</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Changes are also sent a few seconds after they are saved, and whenever you press Sync now.</source>
        <translation>Changes are also sent a few seconds after they are saved, and whenever you press Sync now.</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Network</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <source>A user name and password are kept for this proxy; they are not shown. To change them, type the whole address again.</source>
        <translation>A user name and password are kept for this proxy; they are not shown. To change them, type the whole address again.</translation>
    </message>
    <message>
        <source>None: a direct connection</source>
        <translation>None: a direct connection</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Only if your city's network requires a proxy, e.g. http://proxy.city.fi:8080 (a user name and password may go before the host: http://user:password@proxy.city.fi:8080). Neuvo never takes a proxy from the system's settings by itself; it is kept encrypted with the other data.</source>
        <translation>Only if your city's network requires a proxy, e.g. http://proxy.city.fi:8080 (a user name and password may go before the host: http://user:password@proxy.city.fi:8080). Neuvo never takes a proxy from the system's settings by itself; it is kept encrypted with the other data.</translation>
    </message>
    <message>
        <source>The server's certificate is checked against this computer's certificate store, where city IT installs its own certificate authorities, and against the CA bundle chosen when connecting.</source>
        <translation>The server's certificate is checked against this computer's certificate store, where city IT installs its own certificate authorities, and against the CA bundle chosen when connecting.</translation>
    </message>
    <message>
        <source>Keep visit rows for</source>
        <translation>Keep visit rows for</translation>
    </message>
    <message>
        <source> months</source>
        <translation> months</translation>
    </message>
    <message>
        <source>Older visit rows are deleted from this laptop once their week has reached the server; the weekly counts stay. Such a week can no longer be changed.</source>
        <translation>Older visit rows are deleted from this laptop once their week has reached the server; the weekly counts stay. Such a week can no longer be changed.</translation>
    </message>
    <message>
        <source>Connect with a new code</source>
        <translation>Connect with a new code</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>Connected as a device of team %1.</source>
        <translation>Connected as a device of team %1.</translation>
    </message>
    <message>
        <source>Connected as a device of team %1; may report for: %2</source>
        <translation>Connected as a device of team %1; may report for: %2</translation>
    </message>
    <message>
        <source>Certificate authority bundle</source>
        <translation>Certificate authority bundle</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>Certificates (*.pem *.crt *.cer);;All files (*)</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Connecting to %1…</translation>
    </message>
    <message>
        <source>Plain http:// is allowed only for a server on this computer: it would send the counts unencrypted. Use the https:// address your coordinator gave.</source>
        <translation>Plain http:// is allowed only for a server on this computer: it would send the counts unencrypted. Use the https:// address your coordinator gave.</translation>
    </message>
    <message>
        <source>That is not a server address. It looks like https://stats.example.fi.</source>
        <translation>That is not a server address. It looks like https://stats.example.fi.</translation>
    </message>
    <message>
        <source>An enrollment code has 12 letters and digits. Type it as your coordinator gave it.</source>
        <translation>An enrollment code has 12 letters and digits. Type it as your coordinator gave it.</translation>
    </message>
    <message>
        <source>That file is not a certificate bundle. Choose the .pem file your city's IT gave.</source>
        <translation>That file is not a certificate bundle. Choose the .pem file your city's IT gave.</translation>
    </message>
    <message>
        <source>The server did not accept the connection. Check the server address, or show the server's words to your coordinator.</source>
        <translation>The server did not accept the connection. Check the server address, or show the server's words to your coordinator.</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>Saved: Neuvo syncs every %1 min.</source>
        <translation>Saved: Neuvo syncs every %1 min.</translation>
    </message>
    <message>
        <source>Saved: visit rows are kept for %1 months.</source>
        <translation>Saved: visit rows are kept for %1 months.</translation>
    </message>
    <message>
        <source>Saved: the sync goes through the proxy %1.</source>
        <translation>Saved: the sync goes through the proxy %1.</translation>
    </message>
    <message>
        <source>Saved: the sync connects directly, without a proxy.</source>
        <translation>Saved: the sync connects directly, without a proxy.</translation>
    </message>
</context>
<context>
    <name>TodayModel</name>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Topics</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>Visit</translation>
    </message>
    <message>
        <source>Group of %1</source>
        <translation>Group of %1</translation>
    </message>
</context>
<context>
    <name>TrendCard</name>
    <message>
        <source>Save chart as PNG…</source>
        <translation>Save chart as PNG…</translation>
    </message>
    <message>
        <source>Save chart</source>
        <translation>Save chart</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG images (*.png)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Saved %1</translation>
    </message>
    <message>
        <source>Could not save %1</source>
        <translation>Could not save %1</translation>
    </message>
</context>
<context>
    <name>TrendChart</name>
    <message>
        <source>Visits per week</source>
        <translation>Visits per week</translation>
    </message>
    <message>
        <source>The previous period</source>
        <translation>The previous period</translation>
    </message>
    <message>
        <source>Visits per week, with the previous period</source>
        <translation>Visits per week, with the previous period</translation>
    </message>
    <message>
        <source>Visits per week: %1. The previous period: %2 in all.</source>
        <translation>Visits per week: %1. The previous period: %2 in all.</translation>
    </message>
</context>
<context>
    <name>UnlockScreen</name>
    <message>
        <source>Neuvo — locked</source>
        <translation>Neuvo — locked</translation>
    </message>
    <message>
        <source>Neuvo is locked</source>
        <translation>Neuvo is locked</translation>
    </message>
    <message>
        <source>Visits and the directory on this laptop are encrypted.</source>
        <translation>Visits and the directory on this laptop are encrypted.</translation>
    </message>
    <message>
        <source>Desk passphrase</source>
        <translation>Desk passphrase</translation>
    </message>
    <message>
        <source>Recovery key</source>
        <translation>Recovery key</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>Interface language</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>Forgot the passphrase? Use the recovery key</source>
        <translation>Forgot the passphrase? Use the recovery key</translation>
    </message>
    <message>
        <source>Type the recovery key you stored at setup, then choose a new desk passphrase. The old passphrase stops working.</source>
        <translation>Type the recovery key you stored at setup, then choose a new desk passphrase. The old passphrase stops working.</translation>
    </message>
    <message>
        <source>Set new passphrase and unlock</source>
        <translation>Set new passphrase and unlock</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>Opening…</translation>
    </message>
    <message>
        <source>Type the desk passphrase.</source>
        <translation>Type the desk passphrase.</translation>
    </message>
    <message>
        <source>Choose a strong new passphrase and type it twice.</source>
        <translation>Choose a strong new passphrase and type it twice.</translation>
    </message>
    <message>
        <source>Wrong passphrase. Too many attempts: try again in %1 s.</source>
        <translation>Wrong passphrase. Too many attempts: try again in %1 s.</translation>
    </message>
</context>
<context>
    <name>VisitForm</name>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Number of people in the group</source>
        <translation>Number of people in the group</translation>
    </message>
    <message>
        <source>Referred service (click to remove)</source>
        <translation>Referred service (click to remove)</translation>
    </message>
    <message>
        <source>Handout of the referred service</source>
        <translation>Handout of the referred service</translation>
    </message>
    <message>
        <source>Stays on this laptop. No names, identity codes, phone numbers or e-mail addresses.</source>
        <translation>Stays on this laptop. No names, identity codes, phone numbers or e-mail addresses.</translation>
    </message>
    <message>
        <source>people</source>
        <translation>people</translation>
    </message>
    <message>
        <source>How many took part in the group info session</source>
        <translation>How many took part in the group info session</translation>
    </message>
    <message>
        <source>More…</source>
        <translation>More…</translation>
    </message>
    <message>
        <source>More: how they found the desk, about the visitor</source>
        <translation>More: how they found the desk, about the visitor</translation>
    </message>
    <message>
        <source>Optional details; the part about the visitor only if they tell</source>
        <translation>Optional details; the part about the visitor only if they tell</translation>
    </message>
    <message>
        <source>About the visitor below: only what they tell, unasked</source>
        <translation>About the visitor below: only what they tell, unasked</translation>
    </message>
    <message>
        <source>Tick “%1” to choose where to</source>
        <translation>Tick “%1” to choose where to</translation>
    </message>
    <message>
        <source>a service in the directory</source>
        <translation>a service in the directory</translation>
    </message>
    <message>
        <source>→ %1 ✕</source>
        <translation>→ %1 ✕</translation>
    </message>
    <message>
        <source>Referred to %1; click to remove it</source>
        <translation>Referred to %1; click to remove it</translation>
    </message>
    <message>
        <source>Handout…</source>
        <translation>Handout…</translation>
    </message>
    <message>
        <source>Print, save or show this service in the visitor's language</source>
        <translation>Print, save or show this service in the visitor's language</translation>
    </message>
</context>
<context>
    <name>WeeklyModel</name>
    <message>
        <source>Week</source>
        <translation>Week</translation>
    </message>
    <message>
        <source>Dates</source>
        <translation>Dates</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>Visits</translation>
    </message>
    <message>
        <source>People</source>
        <translation>People</translation>
    </message>
</context>
</TS>