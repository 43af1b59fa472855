#!/usr/bin/env bash
# mysql-test-run.pl's mysqltest for compat/run.sh (MYSQL_TEST=this): before each test, the node gets the
# state a test expects (mysql-test-run would restart its own server after a failure; with --extern a
# failed test's tables would fail the tests after it, differently on each path): every database a test
# may have made is dropped (with files a test wrote into it, SELECT ... INTO OUTFILE, which DROP
# DATABASE leaves) and `test` is made again with MTR's default character set (latin1), directly on the
# node (COMPAT_PORT_FILE holds its port), whichever path the test itself takes. Then mysqltest.
port=$(cat "$COMPAT_PORT_FILE")
sql() { mariadb -h127.0.0.1 -P"$port" -u"$COMPAT_USER" -p"$COMPAT_PASSWORD" -N -B -e "$1" 2>> "$COMPAT_PORT_FILE.clean.log"; }
datadir=$(sql "SELECT @@datadir")
for db in $(sql "SELECT schema_name FROM information_schema.schemata WHERE schema_name NOT IN
             ('mysql', 'information_schema', 'performance_schema', 'sys', 'oceanbase', 'mtr')"); do
  if ! sql "DROP DATABASE \`$db\`" && [ -n "$datadir" ] && [ -d "$datadir/$db" ]; then
    find "$datadir/$db" -maxdepth 1 -type f ! -name '*.frm' ! -name '*.ibd' ! -name '*.MY?' ! -name '*.MA?' \
      ! -name 'db.opt' -delete
    sql "DROP DATABASE \`$db\`"
  fi
done
sql "CREATE DATABASE test CHARACTER SET latin1 COLLATE latin1_swedish_ci; TRUNCATE mtr.test_suppressions"
exec /usr/bin/mariadb-test "$@"
