; MarketDesk installer (NSIS 3, Unicode). `make dist` compiles it when makensis is available:
;   makensis -DVERSION=0.2.0 -DBUNDLE=dist/marketdesk -DOUTFILE=dist/MarketDesk-0.2.0-setup.exe installer/marketdesk.nsi
; Per-machine install in Program Files, a Start-menu entry, an uninstaller. The product id is
; fixed, so installing a new version finds the old one and removes it first (an upgrade, not a
; second copy). The program keeps its data and settings in the user's AppData (platformdirs),
; never in the install folder: neither an upgrade nor an uninstall touches the books.
Unicode true
!ifdef FAST
  SetCompressor zlib              ; CI: check the script quickly; releases use solid LZMA
!else
  SetCompressor /SOLID lzma
!endif

!ifndef VERSION
  !error "pass -DVERSION=x.y.z"
!endif
!ifndef BUNDLE
  !error "pass -DBUNDLE=<the PyInstaller one-folder bundle>"
!endif
!ifndef OUTFILE
  !define OUTFILE "MarketDesk-${VERSION}-setup.exe"
!endif

!define PRODUCT "MarketDesk"
!define PRODUCT_ID "{6F2B3C1E-8D4A-4B6E-9F21-3A7C5D0E4B19}"   ; never change: upgrades rely on it
!define PUBLISHER "MarketDesk"
!define EXE "marketdesk.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${PRODUCT_ID}"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"

Name "${PRODUCT} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${PRODUCT}"
InstallDirRegKey HKLM "${UNINSTALL_KEY}" "InstallLocation"
RequestExecutionLevel admin
ShowInstDetails show
ShowUninstDetails show
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${PRODUCT} installer"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "${PUBLISHER}"

!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
; The first language is the default; the installer follows the Windows display language.
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

LangString UpgradeNotice ${LANG_SIMPCHINESE} "将把已安装的 ${PRODUCT} 升级到 ${VERSION}。数据和设置会保留。"
LangString UpgradeNotice ${LANG_ENGLISH} "${PRODUCT} is already installed: it will be upgraded to ${VERSION}. Data and settings are kept."
LangString UninstallFailed ${LANG_SIMPCHINESE} "无法卸载旧版本（请先关闭正在运行的 ${PRODUCT}）。"
LangString UninstallFailed ${LANG_ENGLISH} "The old version could not be removed (close ${PRODUCT} if it is running)."
LangString Needs64Bit ${LANG_SIMPCHINESE} "${PRODUCT} 需要 64 位 Windows。"
LangString Needs64Bit ${LANG_ENGLISH} "${PRODUCT} needs 64-bit Windows."
LangString StartMenuName ${LANG_SIMPCHINESE} "市场收费台"
LangString StartMenuName ${LANG_ENGLISH} "MarketDesk"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "$(Needs64Bit)"
    Abort
  ${EndIf}
  SetRegView 64
  SetShellVarContext all
  !insertmacro MUI_LANGDLL_DISPLAY
  ; An installed version (any): remove it silently, in place, before copying the new files.
  ReadRegStr $0 HKLM "${UNINSTALL_KEY}" "UninstallString"
  ReadRegStr $1 HKLM "${UNINSTALL_KEY}" "InstallLocation"
  ${If} $0 != ""
    ${IfNot} ${Silent}
      MessageBox MB_OKCANCEL|MB_ICONINFORMATION "$(UpgradeNotice)" IDOK +2
      Abort
    ${EndIf}
    StrCpy $INSTDIR $1
    ExecWait '$0 /S _?=$1' $2
    ${If} $2 != 0
      MessageBox MB_ICONSTOP "$(UninstallFailed)"
      Abort
    ${EndIf}
    Delete "$1\uninstall.exe"
  ${EndIf}
FunctionEnd

Section "MarketDesk" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  File /r "${BUNDLE}\*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateDirectory "$SMPROGRAMS\$(StartMenuName)"
  CreateShortcut "$SMPROGRAMS\$(StartMenuName)\$(StartMenuName).lnk" "$INSTDIR\${EXE}"
  CreateShortcut "$SMPROGRAMS\$(StartMenuName)\Uninstall.lnk" "$INSTDIR\uninstall.exe"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${EXE}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "StartMenuFolder" "$(StartMenuName)"
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Function un.onInit
  SetRegView 64
  SetShellVarContext all
FunctionEnd

Section "Uninstall"
  ; Only what the installer wrote; the user's AppData (the books, settings, backups) stays.
  ReadRegStr $0 HKLM "${UNINSTALL_KEY}" "StartMenuFolder"
  ${If} $0 != ""
    Delete "$SMPROGRAMS\$0\*.lnk"
    RMDir "$SMPROGRAMS\$0"
  ${EndIf}
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\marketdesk-cli.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
SectionEnd
