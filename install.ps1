# Installs followup on Windows from the project's released binaries, without
# administrator rights and without a Rust toolchain. In PowerShell:
#
#     irm https://raw.githubusercontent.com/followup-dossiers/followup/main/install.ps1 | iex
#
# or, for one version: & ([scriptblock]::Create((irm .../install.ps1))) -Version 0.1.0
#
# It downloads the archive for this machine, checks it against its published
# SHA-256 checksum, puts followup.exe in %LOCALAPPDATA%\Programs\followup
# (or -To DIR) and adds that folder to the user's PATH.
#
# Settings (each also as an environment variable, for CI):
#   -Version V   FOLLOWUP_VERSION       a release such as 0.1.0 (default: the latest)
#   -To DIR      FOLLOWUP_INSTALL_DIR   where to put followup.exe
#                FOLLOWUP_DOWNLOAD_URL  where releases are (default: the repository's
#                                       GitHub releases; CI uses a local server)

# Everything runs in a script block of its own, its parameters included:
# run through `irm | iex`, the script shares the user's session, so neither
# its variables nor its preferences may stay set there, and a failure must
# end the install, not their PowerShell window. (`@args` passes -Version and
# -To on, however the script is called.)
& {
    param(
        [string]$Version = $(if ($env:FOLLOWUP_VERSION) { $env:FOLLOWUP_VERSION } else { "latest" }),
        [string]$To = $(if ($env:FOLLOWUP_INSTALL_DIR) { $env:FOLLOWUP_INSTALL_DIR } else { Join-Path $env:LOCALAPPDATA "Programs\followup" })
    )
    # Where this script was read from: its file, or nothing when pasted or
    # piped into a session ($PSCommandPath cannot tell: iex code sees its
    # caller's).
    $ScriptFile = { }.File
    $ErrorActionPreference = "Stop"
    # Windows PowerShell 5.1 redraws its progress bar for every block
    # received, which makes a download of a few megabytes take minutes.
    $ProgressPreference = "SilentlyContinue"

    # The project's repository: Cargo.toml's `repository`, which a test keeps
    # this line equal to.
    $Repo = "followup-dossiers/followup"
    $Download = if ($env:FOLLOWUP_DOWNLOAD_URL) { $env:FOLLOWUP_DOWNLOAD_URL } else { "https://github.com/$Repo/releases" }

    function Fail([string]$Message, [string]$Help) {
        $Problem = New-Object System.Exception $Message
        $Problem.Data["help"] = $Help
        throw $Problem
    }

    # Why a download failed, in the user's terms: the server's answer (404:
    # no such release) or the network's own error (name not found, TLS, ...).
    function Get-Url([string]$Url, [string]$Into, [string]$What, [string]$Help) {
        try { Invoke-WebRequest -UseBasicParsing -Uri $Url -OutFile $Into }
        catch {
            $Response = $_.Exception.Response
            if ($Response -and [int]$Response.StatusCode -eq 404) {
                Fail "$What was not found at $Url (404)" $Help
            }
            elseif ($Response) {
                Fail "$What could not be downloaded from ${Url}: the server answered $([int]$Response.StatusCode)" "try again later"
            }
            Fail "$What could not be downloaded from ${Url}: $($_.Exception.Message)" "check the network connection (and any proxy), then try again"
        }
    }

    try {
        # Old .NET Framework versions offer only TLS 1.0 and 1.1 unless asked,
        # which GitHub refuses.
        [Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12

        # The processor Windows runs on; a 32-bit PowerShell on 64-bit Windows
        # says so in PROCESSOR_ARCHITEW6432. Windows 11 on ARM64 runs x64
        # programs, so it gets the x64 build.
        $Arch = if ($env:PROCESSOR_ARCHITEW6432) { $env:PROCESSOR_ARCHITEW6432 } else { $env:PROCESSOR_ARCHITECTURE }
        if ($Arch -ne "AMD64" -and $Arch -ne "ARM64") {
            Fail "no followup release is built for Windows on $Arch" "releases are for 64-bit Windows (x64, or ARM64 running x64); elsewhere, build from source: cargo install --locked --git https://github.com/$Repo"
        }
        $Target = "x86_64-pc-windows-msvc"
        $Archive = "followup-$Target.zip"
        $Version = $Version.TrimStart("v")
        $Url = if ($Version -eq "latest") { "$Download/latest/download/$Archive" } else { "$Download/download/v$Version/$Archive" }

        $Tmp = Join-Path ([System.IO.Path]::GetTempPath()) ("followup-" + [guid]::NewGuid())
        New-Item -ItemType Directory -Path $Tmp | Out-Null
        try {
            if ($Arch -eq "ARM64") { Write-Host "This is Windows on ARM64: followup's x64 build runs here under emulation." }
            Write-Host "Downloading followup $Version for $Target"
            Get-Url $Url "$Tmp\$Archive" "followup $Version" "the released versions are listed at https://github.com/$Repo/releases"
            Get-Url "$Url.sha256" "$Tmp\$Archive.sha256" "the checksum of followup $Version" "a release always has one: try again, or report it at https://github.com/$Repo/issues"

            $Expected = ((Get-Content "$Tmp\$Archive.sha256" -Raw).Trim() -split "\s+")[0].ToLower()
            $Actual = (Get-FileHash -Algorithm SHA256 "$Tmp\$Archive").Hash.ToLower()
            if ($Expected -ne $Actual) {
                Fail "the download's SHA-256 checksum is $Actual, but the release says ${Expected}: nothing was installed" "the file was damaged or altered on its way; try again, and if it persists report it at https://github.com/$Repo/issues"
            }

            Expand-Archive -Path "$Tmp\$Archive" -DestinationPath "$Tmp\unpacked"
            if (-not (Test-Path "$Tmp\unpacked\followup.exe")) { Fail "the archive has no followup.exe in it: nothing was installed" }
            # It must run here before it replaces anything.
            $Installed = $null
            try { $Installed = & "$Tmp\unpacked\followup.exe" --version 2>$null } catch { $Installed = $null }
            if ($LASTEXITCODE -ne 0 -or -not $Installed) {
                Fail "the followup.exe downloaded does not run on this machine: nothing was installed" "report it, with your Windows version, at https://github.com/$Repo/issues"
            }
            New-Item -ItemType Directory -Force -Path $To | Out-Null
            Copy-Item -Force "$Tmp\unpacked\followup.exe" (Join-Path $To "followup.exe")
        }
        finally {
            Remove-Item -Recurse -Force $Tmp -ErrorAction SilentlyContinue
        }

        $UserPath = [Environment]::GetEnvironmentVariable("Path", "User")
        if (-not (($UserPath -split ";") -contains $To)) {
            $NewPath = if ($UserPath) { "$UserPath;$To" } else { $To }
            [Environment]::SetEnvironmentVariable("Path", $NewPath, "User")
            Write-Host "Added $To to your PATH: other terminals see it once reopened."
        }
        if (-not (($env:Path -split ";") -contains $To)) { $env:Path = "$env:Path;$To" }
        Write-Host "Installed $Installed in $To"
    }
    catch {
        Write-Host "error: $($_.Exception.Message)" -ForegroundColor Red
        $Help = $_.Exception.Data["help"]
        if ($Help) { Write-Host "help: $Help" }
        # A script run from its file (the action, `& install.ps1`) ends with
        # status 1; pasted into a session (`irm | iex`), the session stays.
        if ($ScriptFile) { exit 1 }
        throw "followup was not installed"
    }
} @args
