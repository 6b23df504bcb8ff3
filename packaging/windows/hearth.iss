; Inno Setup script for Hearth on Windows (Inno Setup 6). Build steps: packaging/README.md.
;
; Input: the PyInstaller one-folder bundle in dist\hearth\ (hearth.exe + _internal\),
; built on Windows by `py packaging\build_bundle.py`. Output: dist\Hearth-<version>-setup.exe.
; A per-user install (no administrator rights): %LOCALAPPDATA%\Programs\Hearth, a Start
; menu entry, optionally a desktop icon. Uninstalling leaves the vault (%LOCALAPPDATA%\Hearth)
; in place: it is the user's data, not the program's.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define Root "..\.."

[Setup]
AppId={{6F3C1E0B-5E8B-4C8E-9E57-3B1F1F8B2A71}
AppName=Hearth
AppVersion={#AppVersion}
AppPublisher=Hearth
AppComments=Your private AI, on your own computer
DefaultDirName={autopf}\Hearth
DefaultGroupName=Hearth
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Root}\dist
OutputBaseFilename=Hearth-{#AppVersion}-setup
SetupIconFile={#Root}\.build\windows\hearth.ico
UninstallDisplayIcon={app}\hearth.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#Root}\dist\hearth\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Hearth"; Filename: "{app}\hearth.exe"; Comment: "Your private AI"
Name: "{autoprograms}\Hearth quick ask"; Filename: "{app}\hearth.exe"; Parameters: "--quick"
Name: "{autodesktop}\Hearth"; Filename: "{app}\hearth.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\hearth.exe"; Description: "{cm:LaunchProgram,Hearth}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the program itself may leave beside it; the user's vault is elsewhere and stays.
Type: filesandordirs; Name: "{app}\_internal\__pycache__"
