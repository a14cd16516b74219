# Installs followup on Windows from the project's released binaries, without
# administrator rights and without a Rust toolchain. In PowerShell:
#
#     irm https://raw.githubusercontent.com/OWNER/REPO/main/install.ps1 | iex
#
# or, for one version: & ([scriptblock]::Create((irm .../install.ps1))) -Version 0.1.0
#
# It downloads the archive for this machine, checks it against its published
# SHA-256 checksum, puts followup.exe in %LOCALAPPDATA%\Programs\followup
# (or -To DIR) and adds that folder to the user's PATH.
param(
    [string]$Version = $(if ($env:FOLLOWUP_VERSION) { $env:FOLLOWUP_VERSION } else { "latest" }),
    [string]$To = $(if ($env:FOLLOWUP_INSTALL_DIR) { $env:FOLLOWUP_INSTALL_DIR } else { Join-Path $env:LOCALAPPDATA "Programs\followup" })
)
$ErrorActionPreference = "Stop"

# The project's repository: Cargo.toml's `repository`, which a test keeps
# this line equal to.
$Repo = "followup-dossiers/followup"
$Download = if ($env:FOLLOWUP_DOWNLOAD_URL) { $env:FOLLOWUP_DOWNLOAD_URL } else { "https://github.com/$Repo/releases" }

function Fail([string]$Message, [string]$Help) {
    Write-Host "error: $Message" -ForegroundColor Red
    if ($Help) { Write-Host "help: $Help" }
    exit 1
}

$Arch = [System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture
if ($Arch -ne "X64") {
    Fail "no followup release is built for Windows on $Arch" "build from source: cargo install --locked --git https://github.com/$Repo"
}
$Target = "x86_64-pc-windows-msvc"
$Archive = "followup-$Target.zip"
$Version = $Version.TrimStart("v")
$Url = if ($Version -eq "latest") { "$Download/latest/download/$Archive" } else { "$Download/download/v$Version/$Archive" }

$Tmp = Join-Path ([System.IO.Path]::GetTempPath()) ("followup-" + [guid]::NewGuid())
New-Item -ItemType Directory -Path $Tmp | Out-Null
try {
    Write-Host "Downloading followup $Version for $Target"
    try { Invoke-WebRequest -UseBasicParsing -Uri $Url -OutFile "$Tmp\$Archive" }
    catch { Fail "followup $Version was not found at $Url" "the released versions are listed at https://github.com/$Repo/releases" }
    try { Invoke-WebRequest -UseBasicParsing -Uri "$Url.sha256" -OutFile "$Tmp\$Archive.sha256" }
    catch { Fail "the checksum of followup $Version was not found at $Url.sha256" "try again, or report it at https://github.com/$Repo/issues" }

    $Expected = ((Get-Content "$Tmp\$Archive.sha256" -Raw).Trim() -split "\s+")[0].ToLower()
    $Actual = (Get-FileHash -Algorithm SHA256 "$Tmp\$Archive").Hash.ToLower()
    if ($Expected -ne $Actual) {
        Fail "the download's SHA-256 checksum is $Actual, but the release says $Expected: nothing was installed" "the file was damaged or altered on its way; try again"
    }

    Expand-Archive -Path "$Tmp\$Archive" -DestinationPath "$Tmp\unpacked"
    if (-not (Test-Path "$Tmp\unpacked\followup.exe")) { Fail "the archive has no followup.exe in it: nothing was installed" }
    New-Item -ItemType Directory -Force -Path $To | Out-Null
    Copy-Item -Force "$Tmp\unpacked\followup.exe" (Join-Path $To "followup.exe")
}
finally {
    Remove-Item -Recurse -Force $Tmp -ErrorAction SilentlyContinue
}

$UserPath = [Environment]::GetEnvironmentVariable("Path", "User")
if (-not (($UserPath -split ";") -contains $To)) {
    [Environment]::SetEnvironmentVariable("Path", "$UserPath;$To", "User")
    Write-Host "Added $To to your PATH: open a new terminal to use followup."
}
$Installed = & (Join-Path $To "followup.exe") --version
Write-Host "Installed $Installed in $To"
