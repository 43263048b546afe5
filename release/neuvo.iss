; Inno Setup 6 recipe for the Windows installer of Neuvo (per machine, under Program Files).
;
; Built by .github/workflows/windows.yml after `make package` equivalent steps:
;   iscc /DAppVersion=0.1.0 /DBundle=..\dist\Neuvo release\neuvo.iss
; The version comes from app/__init__.py (the workflow reads it there); nothing here repeats it.
;
; Silent install for Intune / SCCM / a logon script (standard Inno Setup flags):
;   Neuvo-0.1.0-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /SP- /LOG="%TEMP%\neuvo-setup.log"
; Silent uninstall:
;   "%ProgramFiles%\Neuvo\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
; The uninstaller removes only what it installed: each advisor's data folder (%LOCALAPPDATA%\Neuvo, the encrypted
; database, key file and settings) is never touched, so reinstalling or updating keeps every visit.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=<app.__version__> release\neuvo.iss
#endif
#ifndef Bundle
  #define Bundle "..\dist\Neuvo"
#endif

[Setup]
; The AppId identifies Neuvo across versions: an update replaces the installed one in place. Never change it.
AppId={{6F0C1E52-6C3B-4C1B-9E0B-7B6D8C2A4E11}
AppName=Neuvo
AppVersion={#AppVersion}
AppVerName=Neuvo {#AppVersion}
AppPublisher=Neuvo
VersionInfoVersion={#AppVersion}
VersionInfoProductName=Neuvo
DefaultDirName={autopf}\Neuvo
DefaultGroupName=Neuvo
DisableProgramGroupPage=yes
DisableDirPage=auto
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\dist
OutputBaseFilename=Neuvo-{#AppVersion}-setup
SetupIconFile=..\resources\icons\neuvo.ico
UninstallDisplayIcon={app}\Neuvo.exe
UninstallDisplayName=Neuvo {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Close a running Neuvo before replacing its files (Restart Manager), and say so in a silent install's log.
CloseApplications=yes
RestartApplications=no
ShowLanguageDialog=auto

[Languages]
; Inno Setup ships Finnish; Swedish is only a user-contributed translation (jrsoftware.org/files/istrans), so the
; setup screens are Finnish or English (Neuvo itself then starts in the language chosen in its own wizard).
Name: "fi"; MessagesFile: "compiler:Languages\Finnish.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-folder build: Neuvo.exe (windowed), neuvo-cli.exe (console) and _internal\.
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An update must not leave libraries of the previous version beside the new ones.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\Neuvo"; Filename: "{app}\Neuvo.exe"; WorkingDir: "{app}"
Name: "{autodesktop}\Neuvo"; Filename: "{app}\Neuvo.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\Neuvo.exe"; Description: "{cm:LaunchProgram,Neuvo}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] and no [Registry] entries: the data folder of each user stays as it is.
