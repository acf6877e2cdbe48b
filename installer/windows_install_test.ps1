<#
.SYNOPSIS
  Installs, runs, upgrades, downgrades and uninstalls Common Ground's MSI for real, as IT
  would (silently, per machine), and checks every promise of the README's IT section.

.DESCRIPTION
  Run by .github/workflows/windows-installer.yml on windows-latest, as an administrator,
  on a machine where Common Ground was never installed. It needs three MSIs built from the
  same folder with increasing versions (python installer/build.py --msi-version ...), and a
  second build of the third version (a rebuild: same version, new product code).
  It also checks the rights the policy step sets, that a policy folder a user made first is
  moved aside, that machine policy wins over a user's, that a policy users can change stops
  sync until a repair, DATA_DIR's rights, and that a command runs in the open window.
  It changes the machine (Program Files, ProgramData, the user's profile): do not run it
  on a PC that matters. Exits 1 if any check failed; logs go to -LogDir.
#>
param(
    [Parameter(Mandatory = $true)] [string] $V1Msi,
    [Parameter(Mandatory = $true)] [string] $V2Msi,
    [Parameter(Mandatory = $true)] [string] $V3Msi,
    [Parameter(Mandatory = $true)] [string] $V1,
    [Parameter(Mandatory = $true)] [string] $V2,
    [Parameter(Mandatory = $true)] [string] $V3,
    [Parameter(Mandatory = $true)] [string] $V3RebuildMsi,
    [string] $LogDir = (Join-Path $env:RUNNER_TEMP 'msi-logs')
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
New-Item -ItemType Directory -Force -Path $LogDir | Out-Null

$InstallDir = Join-Path $env:ProgramFiles 'Common Ground'
$Cli = Join-Path $InstallDir 'commonground-cli.exe'
$Gui = Join-Path $InstallDir 'CommonGround.exe'
$PolicyDir = Join-Path $env:ProgramData 'CommonGround'
$Policy = Join-Path $PolicyDir 'policy.json'
$PolicyLog = Join-Path $PolicyDir 'install-policy.log'
$Shortcut = Join-Path $env:ProgramData 'Microsoft\Windows\Start Menu\Programs\Common Ground.lnk'
$UserData = Join-Path $env:LOCALAPPDATA 'CommonGround'
$Marker = Join-Path $UserData 'keep-me.txt'
$script:Failures = 0

function Step([string] $Name) { Write-Host "`n=== $Name" }

function Check([bool] $Ok, [string] $What) {
    if ($Ok) { Write-Host "ok    $What" } else { Write-Host "FAIL  $What"; $script:Failures++ }
}

function Invoke-Msiexec([string] $Arguments, [string] $LogName) {
    $log = Join-Path $LogDir $LogName
    $full = "$Arguments /qn /norestart /l*v `"$log`""
    Write-Host "msiexec $full"
    $process = Start-Process -FilePath 'msiexec.exe' -ArgumentList $full -Wait -PassThru
    Write-Host "exit code $($process.ExitCode)"
    return $process.ExitCode
}

function Get-ArpEntries {
    $keys = 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\*'
    @(Get-ItemProperty $keys -ErrorAction SilentlyContinue | Where-Object {
            $_.PSObject.Properties['DisplayName'] -and $_.DisplayName -eq 'Common Ground' })
}

function Read-Policy { Get-Content -Raw -Encoding utf8 $Policy | ConvertFrom-Json }

$Admins = New-Object System.Security.Principal.SecurityIdentifier('S-1-5-32-544')
$WriteRights = [System.Security.AccessControl.FileSystemRights]'Write, Delete, DeleteSubdirectoriesAndFiles, ChangePermissions, TakeOwnership'

function Get-Writers([string] $Path) {
    # Who, other than SYSTEM, Administrators and TrustedInstaller, may change this path.
    $acl = Get-Acl -LiteralPath $Path
    @($acl.Access | Where-Object {
            $_.AccessControlType -eq 'Allow' -and ($_.FileSystemRights -band $WriteRights) -and
            $_.PropagationFlags -ne 'InheritOnly' -and
            $_.IdentityReference.Translate([System.Security.Principal.SecurityIdentifier]).Value -notin
            @('S-1-5-18', 'S-1-5-32-544', 'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464', 'S-1-3-0')
        } | ForEach-Object { "$($_.IdentityReference) $($_.FileSystemRights)" })
}

function Get-OwnerSid([string] $Path) {
    (Get-Acl -LiteralPath $Path).GetOwner([System.Security.Principal.SecurityIdentifier]).Value
}

Step 'Before installing: a standard user makes the policy folder first, with a policy of their own'
$Squatter = 'cgsquatter'
$password = ConvertTo-SecureString ('Cg-' + [guid]::NewGuid().ToString('N') + '!a1') -AsPlainText -Force
New-LocalUser -Name $Squatter -Password $password -AccountNeverExpires | Out-Null
New-Item -ItemType Directory -Force -Path $PolicyDir | Out-Null
'{"schema": 1, "role": "committee", "contacts": {"aa_scheme_phone": "0100 999"}}' | Set-Content -Encoding utf8 $Policy
icacls $PolicyDir /setowner $Squatter /T /C | Out-Null
icacls $PolicyDir /grant "${Squatter}:(OI)(CI)F" | Out-Null
Check ((Get-OwnerSid $PolicyDir) -ne $Admins.Value) "the folder belongs to $Squatter before the install"

function Get-PolicyHash { (Get-FileHash -Algorithm SHA256 $Policy).Hash }

# Real public keys, as `commonground keys show` prints them.
# (No double quotes in this Python: it is passed on a command line.)
$keys = python -c @'
import base64, json
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
raw = lambda key: base64.b64encode(key.public_key().public_bytes(
    serialization.Encoding.Raw, serialization.PublicFormat.Raw)).decode()
print(json.dumps({'committee': raw(Ed25519PrivateKey.generate()),
                  'advisor': raw(X25519PrivateKey.generate())}))
'@ | ConvertFrom-Json

Step "Fresh silent install of $V1 with properties"
# UPWARD_FOLDER ends in a backslash on purpose: it must not swallow the closing quote.
$properties = @(
    'ROLE=Frontline', 'SITE="North Borough"', 'UPWARD_FOLDER="\\server\share\upward\"',
    'DOWNWARD_FOLDER="\\server\share\downward"', 'PROTOCOL_FOLDER="D:\CommonGround\protocols"',
    "COMMITTEE_KEY=$($keys.committee)", "ADVISOR_ENCRYPTION_KEY=$($keys.advisor)"
) -join ' '
$code = Invoke-Msiexec "/i `"$V1Msi`" $properties" 'install-v1.log'
Check ($code -eq 0) "install exit code 0 (got $code)"
Check (Test-Path $Gui) "CommonGround.exe in $InstallDir"
Check (Test-Path $Cli) "commonground-cli.exe in $InstallDir"
$arp = Get-ArpEntries
Check ($arp.Count -eq 1) "one Add/Remove Programs entry (found $($arp.Count))"
if ($arp.Count -eq 1) {
    Check ($arp[0].DisplayVersion -eq $V1) "Add/Remove Programs version $($arp[0].DisplayVersion)"
    Check ($arp[0].Publisher -eq 'Common Ground') "publisher '$($arp[0].Publisher)'"
    Check ([bool]$arp[0].PSObject.Properties['DisplayIcon']) 'Add/Remove Programs icon'
}
Check (Test-Path $Shortcut) "Start menu shortcut $Shortcut"
if (Test-Path $Shortcut) {
    $target = (New-Object -ComObject WScript.Shell).CreateShortcut($Shortcut).TargetPath
    Check ($target -eq $Gui) "the shortcut opens $target"
}
Check (Test-Path $Policy) "policy written to $Policy"
Check ((Get-OwnerSid $PolicyDir) -eq $Admins.Value) "$PolicyDir belongs to Administrators"
$writers = Get-Writers $PolicyDir
Check ($writers.Count -eq 0) "only SYSTEM and Administrators may change $PolicyDir ($($writers -join '; '))"
$writers = Get-Writers $Policy
Check ($writers.Count -eq 0) "only SYSTEM and Administrators may change policy.json ($($writers -join '; '))"
$aside = @(Get-ChildItem -Directory $env:ProgramData -Filter 'CommonGround.untrusted-*')
Check ($aside.Count -eq 1) "the user's folder was moved aside ($($aside.Name -join ', '))"
Check ((Get-Content -Raw $PolicyLog) -match 'moved to') 'install-policy.log says it was moved aside'
if (Test-Path $Policy) {
    Check (-not ((Get-Content -Raw $Policy) -match '0100 999')) "the user's policy was not merged"
}
if (Test-Path $Policy) {
    $written = Read-Policy
    Write-Host (Get-Content -Raw $Policy)
    Check ($written.role -eq 'frontline') "role '$($written.role)'"
    Check ($written.site -eq 'North Borough') "site '$($written.site)'"
    Check ($written.folders.upward -eq '\\server\share\upward\') "upward folder '$($written.folders.upward)'"
    Check ($written.folders.downward -eq '\\server\share\downward') "downward folder '$($written.folders.downward)'"
    Check ($written.folders.protocols -eq 'D:\CommonGround\protocols') "protocol folder '$($written.folders.protocols)'"
    Check ($written.keys.committee_signing -eq $keys.committee) 'committee key'
    Check ($written.keys.advisor_encryption -eq $keys.advisor) 'advisor encryption key'
}

Step 'The installed app as this user, with Program Files read-only'
$filesBefore = @(Get-ChildItem -Recurse -File $InstallDir).Count
icacls $InstallDir /deny '*S-1-1-0:(OI)(CI)(W,D,DC)' | Out-Null  # Everyone: no writing
try {
    $output = & $Cli selftest | Out-String
    Write-Host $output
    Check ($LASTEXITCODE -eq 0) 'installed selftest (window offscreen) passed'
    Check ($output -match 'site North Borough') 'selftest reads the machine-wide policy'
    $env:QT_QPA_PLATFORM = 'windows'
    $output = & $Cli selftest | Out-String
    Remove-Item Env:\QT_QPA_PLATFORM
    Write-Host $output
    Check ($LASTEXITCODE -eq 0) "installed selftest on Qt's Windows platform passed"

    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $app = Start-Process -FilePath $Gui -PassThru
    while ($clock.Elapsed.TotalSeconds -lt 60 -and -not $app.HasExited) {
        $app.Refresh()
        if ($app.MainWindowTitle -like 'Common Ground*') { break }
        Start-Sleep -Milliseconds 20
    }
    $seconds = [math]::Round($clock.Elapsed.TotalSeconds, 2)
    Check ($app.MainWindowTitle -like 'Common Ground*') "window '$($app.MainWindowTitle)' after $seconds s"
    "frozen start to window on this runner: $seconds s" | Tee-Object -FilePath (Join-Path $LogDir 'start-time.txt')
    if (-not $app.HasExited) {
        $app.CloseMainWindow() | Out-Null
        if (-not $app.WaitForExit(30000)) { $app.Kill(); Check $false 'the app closed when asked' }
        else { Check ($app.ExitCode -eq 0) "the app closed cleanly (exit code $($app.ExitCode))" }
    }
} finally {
    icacls $InstallDir /remove:d '*S-1-1-0' | Out-Null
}
$filesAfter = @(Get-ChildItem -Recurse -File $InstallDir).Count
Check ($filesAfter -eq $filesBefore) "nothing written to Program Files ($filesBefore files before, $filesAfter after)"
Check (Test-Path (Join-Path $UserData 'commonground.sqlite3')) "the database is in the user's folder $UserData"
Set-Content -Path $Marker -Value 'user data that must survive upgrades and uninstalls'

Step 'Machine policy wins over a user''s, and the app says so'
$mine = Join-Path $env:TEMP 'my-policy.json'
'{"role": "committee", "site": "Mine"}' | Set-Content -Encoding utf8 $mine
$env:COMMONGROUND_POLICY = $mine
$output = & $Cli selftest --no-gui | Out-String
Remove-Item Env:\COMMONGROUND_POLICY
Write-Host $output
Check ($output -match 'role frontline') 'the machine policy''s role is used'
Check ($output -match 'note  site policy: role: COMMONGROUND_POLICY') 'selftest names the ignored user value'
New-Item -Force -Path 'HKLM:\SOFTWARE\Policies\CommonGround' | Out-Null
New-ItemProperty -Force -Path 'HKLM:\SOFTWARE\Policies\CommonGround' -Name 'site' -Value 'Group Policy Site' | Out-Null
$output = & $Cli selftest --no-gui | Out-String
Remove-Item -Recurse -Force 'HKLM:\SOFTWARE\Policies\CommonGround'
Check ($output -match 'site Group Policy Site') 'Group Policy in the registry wins over policy.json'

Step 'A policy folder users can change stops sync until the MSI is repaired'
icacls $PolicyDir /grant '*S-1-5-32-545:(OI)(CI)M' | Out-Null
$output = & $Cli selftest --no-gui | Out-String
Write-Host $output
Check ($LASTEXITCODE -ne 0 -and $output -match 'is not trusted') 'selftest fails: the machine policy is not trusted'
$sync = & $Cli sync 2>&1 | Out-String
Check ($LASTEXITCODE -ne 0 -and $sync -match 'is not trusted') "sync refuses ($($sync.Trim()))"
$code = Invoke-Msiexec "/fa `"$V1Msi`"" 'repair-v1.log'
Check ($code -eq 0) "repair exit code 0 (got $code)"
Check ((Get-Writers $PolicyDir).Count -eq 0) 'the repair reset the folder''s rights'
$output = & $Cli selftest --no-gui | Out-String
Check ($LASTEXITCODE -eq 0) 'selftest passes again'

Step 'One writer: a command run while the window is open runs in the window'
$app = Start-Process -FilePath $Gui -PassThru
$clock = [System.Diagnostics.Stopwatch]::StartNew()
while ($clock.Elapsed.TotalSeconds -lt 60 -and -not ($app.Refresh() -or $app.MainWindowTitle -like 'Common Ground*')) { Start-Sleep -Milliseconds 100 }
$listed = & $Cli reports list 2>&1 | Out-String
Write-Host $listed
Check ($LASTEXITCODE -eq 0 -and $listed -match 'runs in its window') 'reports list was handed to the open window'
if (-not $app.HasExited) { $app.CloseMainWindow() | Out-Null; if (-not $app.WaitForExit(30000)) { $app.Kill() } }
$listed = & $Cli reports list 2>&1 | Out-String
Check ($LASTEXITCODE -eq 0 -and -not ($listed -match 'runs in its window')) 'with the window closed, it runs on its own'

Step "Upgrade to $V2 without properties: the policy stays as it is"
$hash = Get-PolicyHash
$code = Invoke-Msiexec "/i `"$V2Msi`"" 'upgrade-v2.log'
Check ($code -eq 0) "upgrade exit code 0 (got $code)"
$arp = Get-ArpEntries
Check ($arp.Count -eq 1 -and $arp[0].DisplayVersion -eq $V2) "one Add/Remove Programs entry, version $V2 ($(@($arp | ForEach-Object DisplayVersion) -join ', '))"
Check ((Get-PolicyHash) -eq $hash) 'policy.json unchanged'
Check (Test-Path $Marker) 'user data kept'
Check (Test-Path $Gui) 'program still installed'

Step "Upgrade to $V3 with a bad property: refused, and $V2 stays installed"
$hash = Get-PolicyHash
$code = Invoke-Msiexec "/i `"$V3Msi`" ROLE=nurse" 'upgrade-v3-bad-role.log'
Check ($code -ne 0) "upgrade refused (exit code $code)"
$arp = Get-ArpEntries
Check ($arp.Count -eq 1 -and $arp[0].DisplayVersion -eq $V2) "still version $V2 ($(@($arp | ForEach-Object DisplayVersion) -join ', '))"
Check (Test-Path $Gui) 'program still installed (rolled back)'
Check ((Get-PolicyHash) -eq $hash) 'policy.json unchanged'
Check ((Get-Content -Raw $PolicyLog) -match 'ROLE: must be one of') 'install-policy.log names the property'

Step "Upgrade to $V3 with SITE: only the site changes"
$code = Invoke-Msiexec "/i `"$V3Msi`" SITE=`"South Borough`"" 'upgrade-v3.log'
Check ($code -eq 0) "upgrade exit code 0 (got $code)"
$written = Read-Policy
Check ($written.site -eq 'South Borough') "site '$($written.site)'"
Check ($written.role -eq 'frontline' -and $written.keys.committee_signing -eq $keys.committee) 'other settings kept'
Check (Test-Path "$Policy.previous") 'the replaced policy is kept as policy.json.previous'
$arp = Get-ArpEntries
Check ($arp.Count -eq 1 -and $arp[0].DisplayVersion -eq $V3) "one entry, version $V3"

Step "A rebuild of $V3 (same version, new product code) replaces it: one entry"
$before = (Get-ArpEntries)[0].PSChildName
$code = Invoke-Msiexec "/i `"$V3RebuildMsi`"" 'rebuild-v3.log'
Check ($code -eq 0) "rebuild install exit code 0 (got $code)"
$arp = Get-ArpEntries
Check ($arp.Count -eq 1 -and $arp[0].DisplayVersion -eq $V3) "one Add/Remove Programs entry, version $V3 ($(@($arp | ForEach-Object DisplayVersion) -join ', '))"
Check ($arp.Count -eq 1 -and $arp[0].PSChildName -ne $before) "the rebuild's product code replaced $before"

Step "DATA_DIR: created, and every user may modify it"
$DataDir = Join-Path $env:ProgramData 'CommonGround-data-test'
$code = Invoke-Msiexec "/i `"$V3RebuildMsi`" DATA_DIR=`"$DataDir`"" 'data-dir.log'
Check ($code -eq 0) "install with DATA_DIR exit code 0 (got $code)"
Check (Test-Path $DataDir) "$DataDir created"
if (Test-Path $DataDir) {
    $users = @((Get-Acl $DataDir).Access | Where-Object {
            $_.IdentityReference.Translate([System.Security.Principal.SecurityIdentifier]).Value -eq 'S-1-5-32-545' -and
            ($_.FileSystemRights -band [System.Security.AccessControl.FileSystemRights]::Modify) -eq [System.Security.AccessControl.FileSystemRights]::Modify -and
            $_.InheritanceFlags -eq 'ContainerInherit, ObjectInherit' })
    Check ($users.Count -ge 1) 'Users have Modify on DATA_DIR, inherited by everything in it'
}
Check ((Read-Policy).data_dir -eq $DataDir) "policy data_dir '$((Read-Policy).data_dir)'"

Step "Downgrade to $V1 is refused"
$code = Invoke-Msiexec "/i `"$V1Msi`"" 'downgrade-v1.log'
Check ($code -ne 0) "downgrade refused (exit code $code)"
$said = Select-String -Quiet -Path (Join-Path $LogDir 'downgrade-v1.log') `
    -Pattern 'A newer version of Common Ground is already installed'
Check ([bool]$said) 'the log says why'
$arp = Get-ArpEntries
Check ($arp.Count -eq 1 -and $arp[0].DisplayVersion -eq $V3) "still version $V3"

Step 'Silent uninstall: program files go, users'' data and the policy stay'
$code = Invoke-Msiexec "/x `"$V3Msi`"" 'uninstall.log'
Check ($code -eq 0) "uninstall exit code 0 (got $code)"
Check (-not (Test-Path $InstallDir)) "$InstallDir removed"
Check (-not (Test-Path $Shortcut)) 'Start menu shortcut removed'
Check ((Get-ArpEntries).Count -eq 0) 'Add/Remove Programs entry removed'
Check (Test-Path $Marker) "user data kept ($Marker)"
Check (Test-Path (Join-Path $UserData 'commonground.sqlite3')) 'user database kept'
Check (Test-Path $Policy) 'machine policy kept'

Step 'A bad property fails the install, names the property and changes nothing'
$hash = Get-PolicyHash
$code = Invoke-Msiexec "/i `"$V3Msi`" ROLE=nurse" 'bad-role.log'
Check ($code -ne 0) "install refused (exit code $code)"
Check ((Get-ArpEntries).Count -eq 0) 'nothing installed (rolled back)'
Check (-not (Test-Path $Gui)) 'no program files left'
Check ((Get-PolicyHash) -eq $hash) 'policy.json unchanged'
$reason = Get-Content -Raw $PolicyLog
Write-Host $reason
Check ($reason -match 'ROLE: must be one of') 'install-policy.log names the property'

Copy-Item -Force $PolicyLog, $Policy -Destination $LogDir -ErrorAction SilentlyContinue
Remove-LocalUser -Name $Squatter -ErrorAction SilentlyContinue
Write-Host "`n$($script:Failures) check(s) failed"
if ($script:Failures -gt 0) { exit 1 }
exit 0
