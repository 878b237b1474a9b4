#!/usr/bin/env bash
# systemd-analyze verify accepts docpipe-watch@.service as installed (an
# instance of the template, with the example configuration), and the unit
# keeps the hardening issue #16 asks for. Skipped where systemd is absent.
source "$(dirname "$0")/common.sh"
require_tool systemd-analyze systemd

# Install into a scratch prefix: the unit is generated at install time.
prefix="$SCRATCH/usr"
cmake --install "$DOCPIPE_BUILD_DIR" --prefix "$prefix" >"$SCRATCH/install.log" 2>&1 ||
  { cat "$SCRATCH/install.log" >&2; fail "cmake --install"; }
unit="$prefix/lib/systemd/system/docpipe-watch@.service"
[ -f "$unit" ] || fail "no $unit"
grep -qx "ExecStart=$prefix/bin/docpipe watch .*" "$unit" || fail "ExecStart does not name the installed binary"

for setting in 'EnvironmentFile=/etc/docpipe/%i.conf' 'ProtectSystem=strict' 'PrivateTmp=yes' \
               'NoNewPrivileges=yes' 'User=docpipe' 'ReadWritePaths=/srv/docpipe/%i' \
               'StateDirectory=docpipe/%i' 'KillMode=mixed' 'StandardError=journal' \
               'RestartPreventExitStatus=2'; do
  grep -qxF "$setting" "$unit" || fail "the unit lacks $setting"
done
# Every variable ExecStart uses is in the example configuration.
example="$prefix/share/doc/docpipe/examples/docpipe-watch.conf"
for var in $(grep '^ExecStart=' "$unit" | grep -o '\${[A-Z_]*}' | tr -d '${}' | sort -u); do
  grep -q "^$var=" "$example" || fail "$example does not set $var"
done

# verify loads units by name: an instance file beside a copy of the template.
units="$SCRATCH/units"
mkdir -p "$units"
cp "$unit" "$units/docpipe-watch@.service"
ln -s docpipe-watch@.service "$units/docpipe-watch@so-ngoai-vu.service"
set +e
SYSTEMD_LOG_LEVEL=notice systemd-analyze verify --man=no "$units/docpipe-watch@so-ngoai-vu.service" >"$SCRATCH/verify.log" 2>&1
rc=$?
set -e
cat "$SCRATCH/verify.log"
[ $rc -eq 0 ] || fail "systemd-analyze verify exited $rc"
# verify exits 0 on some problems it only prints; none may concern our unit.
if grep -i "docpipe-watch@" "$SCRATCH/verify.log" | grep -Eiv "^$" >/dev/null; then
  fail "systemd-analyze verify reported problems in the unit"
fi
echo "systemd unit: OK"
