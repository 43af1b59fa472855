"""PyMySQL against the obproxy-jdbc front end: python3 pymysql_client.py HOST PORT USER PASSWORD DATABASE TABLE.

TABLE exists and is empty: (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50) CHARACTER SET utf8mb4,
data VARBINARY(300), price DECIMAL(20,6), born DATE, at DATETIME(6), dur TIME, flag TINYINT,
big BIGINT UNSIGNED, ratio DOUBLE); the test creates it on every node first (the sandbox
replicates DDL asynchronously, OceanBase does not).

Each check asserts what a MySQL server would answer; the script prints one line per check and
"all checks passed" at the end, or fails with a traceback and exit status 1.
"""
import datetime
import decimal
import sys

import pymysql
import pymysql.cursors

HOST, PORT, USER, PASSWORD, DB, TABLE = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]


def connect(**kw):
    return pymysql.connect(host=HOST, port=PORT, user=USER, password=PASSWORD, database=DB, charset="utf8mb4", **kw)


def check(name):
    print("ok:", name, flush=True)


main = connect()  # PyMySQL's default: autocommit off
other = connect(autocommit=True)
cur = main.cursor()

cur.execute("INSERT INTO %s (name) VALUES (%%s)" % TABLE, ("first",))
first = cur.lastrowid
assert first >= 1 and main.insert_id() == first, (first, main.insert_id())
main.rollback()
ocur = other.cursor()
ocur.execute("SELECT COUNT(*) FROM %s" % TABLE)
assert ocur.fetchone() == (0,), "a rolled-back insert is not seen"
check("rollback")

unicode = "Grüße, 世界 😀 ¡ñ!"
binary = bytes(range(256))
values = (unicode, binary, decimal.Decimal("-12345678901234.123456"), datetime.date(2024, 2, 29),
          datetime.datetime(2025, 11, 25, 13, 5, 9, 123456), datetime.timedelta(hours=26, minutes=3, seconds=4),
          -128, 18446744073709551615, 1.0e-300)
cur.execute("INSERT INTO %s (name, data, price, born, at, dur, flag, big, ratio)"
            " VALUES (%%s, %%s, %%s, %%s, %%s, %%s, %%s, %%s, %%s)" % TABLE, values)
first_id = cur.lastrowid
assert first_id > first, (first_id, first)
ocur.execute("SELECT COUNT(*) FROM %s" % TABLE)
assert ocur.fetchone() == (0,), "not committed yet: another connection does not see it"
main.commit()
ocur.execute("SELECT COUNT(*) FROM %s" % TABLE)
assert ocur.fetchone() == (1,), "committed: seen"
check("transaction, lastrowid %d" % first_id)

cur.execute("SELECT name, data, price, born, at, dur, flag, big, ratio FROM %s WHERE id = %%s" % TABLE, (first_id,))
row = cur.fetchone()
assert row == values, "round trip:\n%r\n%r" % (row, values)
cur.execute("SELECT CAST('-26:03:04.5' AS TIME(1)), CAST(NULL AS DATE)")
assert cur.fetchone() == (-datetime.timedelta(hours=26, minutes=3, seconds=4.5), None)
check("unicode, binary bytes 0..255, decimal, date, datetime(6), time past 24 h and negative, tinyint, unsigned bigint, double")

cur.execute("INSERT INTO %s (name, data, price, born, at, dur) VALUES (NULL, NULL, NULL, NULL, NULL, NULL)" % TABLE)
null_id = cur.lastrowid
cur.execute("SELECT name, data, price, born, at, dur FROM %s WHERE id = %%s" % TABLE, (null_id,))
assert cur.fetchone() == (None,) * 6
cur.execute("SELECT COUNT(*) FROM %s WHERE name IS NULL" % TABLE)
assert cur.fetchone() == (1,)
main.commit()
check("NULLs")

rows = [("many-%d" % i, ("%d" % i).encode() * 3) for i in range(100)]
cur.executemany("INSERT INTO %s (name, data) VALUES (%%s, %%s)" % TABLE, rows)
assert cur.rowcount == 100, cur.rowcount
main.commit()
cur.execute("SELECT COUNT(*), SUM(LENGTH(data)) FROM %s WHERE name LIKE 'many-%%'" % TABLE)
count, length = cur.fetchone()
assert count == 100 and int(length) == sum(len(d) for _, d in rows), (count, length)
check("executemany")

cur.execute("UPDATE %s SET flag = 1 WHERE name LIKE 'many-%%'" % TABLE)
assert cur.rowcount == 100, cur.rowcount
cur.execute("UPDATE %s SET flag = 1 WHERE name LIKE 'many-%%'" % TABLE)
assert cur.rowcount == 0, "affected, not matched, rows: %d" % cur.rowcount
main.commit()
check("affected rows")

auto = connect(autocommit=True)
acur = auto.cursor()
acur.execute("SELECT @@autocommit")
assert acur.fetchone() == (1,)
acur.execute("INSERT INTO %s (name) VALUES ('auto')" % TABLE)
ocur.execute("SELECT COUNT(*) FROM %s WHERE name = 'auto'" % TABLE)
assert ocur.fetchone() == (1,), "autocommit: seen at once"
auto.autocommit(False)
acur.execute("SELECT @@autocommit")
assert acur.fetchone() == (0,)
check("autocommit on and off")

try:
    cur.execute("SELECT * FROM no_such_table_here")
    raise AssertionError("no error")
except pymysql.err.ProgrammingError as e:
    assert e.args[0] == 1146, e.args
try:
    cur.execute("INSERT INTO %s (id, name) VALUES (%%s, 'dup')" % TABLE, (first_id,))
    raise AssertionError("no error")
except pymysql.err.IntegrityError as e:
    assert e.args[0] == 1062, e.args
main.rollback()
check("errors keep their codes")

stream = connect(cursorclass=pymysql.cursors.SSCursor)
scur = stream.cursor()
scur.execute("SELECT seq, REPEAT('x', 100) FROM seq_1_to_100000")
n = 0
for seq, text in scur:
    n += 1
    assert len(text) == 100
assert n == 100000, n
scur.close()
stream.ping(reconnect=False)
check("unbuffered cursor, 100000 rows")

main.ping(reconnect=False)
for c in (main, other, auto, stream):
    c.close()
print("all checks passed")
