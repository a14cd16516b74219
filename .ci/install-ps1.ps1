# install.ps1 end to end on Windows, as tests/install.rs checks install.sh:
# PowerShell's own parser finds no error in it, then it installs a local
# release (the followup that `cargo test` built, zipped with its checksum
# and served on 127.0.0.1 the way GitHub serves release downloads) from its
# file and through `irm | iex`, and refuses what it cannot trust. Run by the
# Windows job of .github/workflows/ci.yml, in PowerShell 7 and in Windows
# PowerShell 5.1:  .ci/install-ps1.ps1 -Program target/debug/followup.exe
param([Parameter(Mandatory = $true)][string]$Program)
$ErrorActionPreference = "Stop"
$ProgressPreference = "SilentlyContinue"
$Root = Split-Path -Parent $PSScriptRoot
$Script = Join-Path $Root "install.ps1"
$Shell = (Get-Process -Id $PID).Path
Write-Host "PowerShell $($PSVersionTable.PSVersion) ($Shell)"

function Check([bool]$Condition, [string]$What, [string]$Output) {
    if (-not $Condition) {
        Write-Host $Output
        throw "install.ps1: $What"
    }
    Write-Host "ok: $What"
}

# PowerShell's parser, with no error: one stops the script before it starts.
$Tokens = $null
$Errors = $null
[System.Management.Automation.Language.Parser]::ParseFile($Script, [ref]$Tokens, [ref]$Errors) | Out-Null
foreach ($Problem in $Errors) {
    Write-Host "install.ps1:$($Problem.Extent.StartLineNumber):$($Problem.Extent.StartColumnNumber): $($Problem.Message)"
}
Check ($Errors.Count -eq 0) "parses in PowerShell $($PSVersionTable.PSVersion)" ""

# A release of this followup: version Cargo.toml's, and a 9.9.9 whose
# checksum does not match.
$Version = (Select-String -Path (Join-Path $Root "Cargo.toml") -Pattern '^version = "(.*)"' | Select-Object -First 1).Matches[0].Groups[1].Value
$Site = Join-Path ([System.IO.Path]::GetTempPath()) ("followup-release-" + [guid]::NewGuid())
$Archive = "followup-x86_64-pc-windows-msvc.zip"
New-Item -ItemType Directory -Path "$Site\staging" | Out-Null
Copy-Item $Program "$Site\staging\followup.exe"
Compress-Archive -Path "$Site\staging\followup.exe" -DestinationPath "$Site\$Archive"
$Hash = (Get-FileHash -Algorithm SHA256 "$Site\$Archive").Hash.ToLower()
foreach ($Release in @(@("v$Version", $Hash), @("v9.9.9", ("0" * 64)))) {
    $Dir = "$Site\releases\download\$($Release[0])"
    New-Item -ItemType Directory -Force -Path $Dir | Out-Null
    Copy-Item "$Site\$Archive" "$Dir\$Archive"
    [System.IO.File]::WriteAllText("$Dir\$Archive.sha256", "$($Release[1])  $Archive`n")
}
New-Item -ItemType Directory -Force -Path "$Site\releases\latest" | Out-Null
Copy-Item -Recurse "$Site\releases\download\v$Version" "$Site\releases\latest\download"
# As GitHub serves it for `irm`: as text.
Copy-Item $Script "$Site\install.ps1.txt"

# Served on a free port of 127.0.0.1.
$Listener = New-Object System.Net.Sockets.TcpListener ([System.Net.IPAddress]::Loopback, 0)
$Listener.Start()
$Port = $Listener.LocalEndpoint.Port
$Listener.Stop()
$Server = Start-Process -PassThru -NoNewWindow -FilePath python -ArgumentList @("-m", "http.server", "$Port", "--bind", "127.0.0.1", "--directory", $Site)
$Base = "http://127.0.0.1:$Port"
for ($Try = 0; $Try -lt 50; $Try++) {
    try { Invoke-WebRequest -UseBasicParsing "$Base/install.ps1.txt" | Out-Null; break } catch { Start-Sleep -Milliseconds 200 }
}

# install.ps1 run from its file, in a PowerShell of its own, as the action
# runs it; its output and exit status.
function Install-FromFile([string[]]$Arguments, [hashtable]$Environment = @{}) {
    # Windows PowerShell 5.1 would stop at the first line a program writes
    # to its standard error under "Stop".
    $ErrorActionPreference = "Continue"
    $Saved = @{}
    foreach ($Name in $Environment.Keys) {
        $Saved[$Name] = [Environment]::GetEnvironmentVariable($Name)
        [Environment]::SetEnvironmentVariable($Name, $Environment[$Name])
    }
    try {
        $Output = & $Shell -NoProfile -ExecutionPolicy Bypass -File $Script @Arguments 2>&1 | Out-String
        return @{ Status = $LASTEXITCODE; Output = $Output }
    }
    finally {
        foreach ($Name in $Saved.Keys) { [Environment]::SetEnvironmentVariable($Name, $Saved[$Name]) }
    }
}

try {
    $env:FOLLOWUP_DOWNLOAD_URL = "$Base/releases"
    Remove-Item Env:FOLLOWUP_VERSION -ErrorAction SilentlyContinue
    Remove-Item Env:FOLLOWUP_INSTALL_DIR -ErrorAction SilentlyContinue

    # A named version: downloaded, checked, installed, and it runs.
    $To = "$Site\bin"
    $Run = Install-FromFile @("-Version", $Version, "-To", $To)
    Check ($Run.Status -eq 0 -and $Run.Output -match [regex]::Escape("Installed followup $Version")) "installs a named version" $Run.Output
    $Said = & "$To\followup.exe" --version
    Check ($Said -like "followup $Version*") "the installed followup.exe runs" $Said
    Check (([Environment]::GetEnvironmentVariable("Path", "User") -split ";") -contains $To) "puts its folder on the user's PATH" ""

    # A version never released: 404, status 1, nothing installed.
    $Run = Install-FromFile @("-Version", "0.0.0", "-To", "$Site\none")
    Check ($Run.Status -eq 1 -and $Run.Output -match "error: followup 0\.0\.0 was not found at http://127\.0\.0\.1:\d+/releases/download/v0\.0\.0/\S+ \(404\)") "a missing version: not found (404), status 1" $Run.Output
    Check (-not (Test-Path "$Site\none\followup.exe")) "a missing version installs nothing" ""

    # A checksum that does not match.
    $Run = Install-FromFile @("-Version", "9.9.9", "-To", "$Site\none")
    Check ($Run.Status -eq 1 -and $Run.Output -match "but the release says 0{64}: nothing was installed") "a wrong checksum: refused, status 1" $Run.Output
    Check (-not (Test-Path "$Site\none\followup.exe")) "a wrong checksum installs nothing" ""

    # No server there: the network's error, not "not found".
    $Run = Install-FromFile @("-To", "$Site\none") @{ FOLLOWUP_DOWNLOAD_URL = "http://127.0.0.1:9/releases" }
    Check ($Run.Status -eq 1 -and $Run.Output -match "could not be downloaded from http://127\.0\.0\.1:9/" -and $Run.Output -match "help: check the network connection") "no server: a network error, status 1" $Run.Output

    # Windows on ARM64 gets the x64 build, which it runs.
    $Run = Install-FromFile @("-Version", $Version, "-To", "$Site\arm64") @{ PROCESSOR_ARCHITECTURE = "ARM64"; PROCESSOR_ARCHITEW6432 = $null }
    Check ($Run.Status -eq 0 -and $Run.Output -match "ARM64" -and (Test-Path "$Site\arm64\followup.exe")) "ARM64: installs the x64 build" $Run.Output
    $Run = Install-FromFile @("-To", "$Site\none") @{ PROCESSOR_ARCHITECTURE = "x86"; PROCESSOR_ARCHITEW6432 = $null }
    Check ($Run.Status -eq 1 -and $Run.Output -match "no followup release is built for Windows on x86") "32-bit Windows: refused" $Run.Output

    # `irm | iex` in this very session: a failure neither ends the session
    # nor leaves the script's preferences set in it.
    $ErrorActionPreference = "Continue"
    $ProgressPreference = "Continue"
    $env:FOLLOWUP_VERSION = "0.0.0"
    $Failed = $false
    try { Invoke-RestMethod "$Base/install.ps1.txt" | Invoke-Expression } catch { $Failed = $true }
    Check $Failed "irm | iex: a failure is an error in the session" ""
    Check ($ErrorActionPreference -eq "Continue" -and $ProgressPreference -eq "Continue") "irm | iex: the session's preferences are as they were" ""
    $env:FOLLOWUP_VERSION = $Version
    $env:FOLLOWUP_INSTALL_DIR = "$Site\iex"
    Invoke-RestMethod "$Base/install.ps1.txt" | Invoke-Expression
    Check (Test-Path "$Site\iex\followup.exe") "irm | iex installs" ""
    Check (($env:Path -split ";") -contains "$Site\iex") "irm | iex: followup is on this session's PATH at once" $env:Path
    $Said = followup.exe --version
    Check ($Said -like "followup $Version*") "irm | iex: followup runs by name" $Said
    Check ($null -eq (Get-Variable -Name ScriptFile -ErrorAction SilentlyContinue)) "irm | iex: leaves no variable in the session" ""

    # The README's form for one version: a script block given parameters.
    Remove-Item Env:FOLLOWUP_VERSION
    $env:FOLLOWUP_INSTALL_DIR = "$Site\block"
    & ([scriptblock]::Create((Invoke-RestMethod "$Base/install.ps1.txt"))) -Version $Version -To "$Site\named"
    Check (Test-Path "$Site\named\followup.exe") "a script block takes -Version and -To" ""
    $ErrorActionPreference = "Stop"
}
finally {
    Stop-Process -Id $Server.Id -ErrorAction SilentlyContinue
}
Write-Host "install.ps1: every check passed in PowerShell $($PSVersionTable.PSVersion)"
