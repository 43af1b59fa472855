# PyMySQL (local_infile=True) loading files through LOAD DATA LOCAL INFILE, for FrontendLocalInfileIT.
# usage: pymysql_local_infile.py <port> <user> <password> <table> <mode> [file] [missing file]
# The client's sender is wrapped to record which file each request names; mode 'own' sends content
# of its own for any name (the client's /etc/passwd, not this host's), mode 'half' sends one packet
# of the file and then dies, mid-file, inside a transaction, mode 'stall' sends one packet and then
# nothing for 8 s.
import os
import sys
import time

import pymysql
from pymysql.connections import LoadLocalFile

port, user, password, table, mode = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
asked = []
real_send = LoadLocalFile.send_data


def own(self):
    asked.append(os.fsdecode(self.filename))
    self.connection.write_packet(b"client-own-line-1\nclient-own-line-2\n")
    self.connection.write_packet(b"")


def half(self):
    asked.append(os.fsdecode(self.filename))
    self.connection.write_packet(b"half-line\n")
    sys.stdout.flush()
    os._exit(3)


def stall(self):
    asked.append(os.fsdecode(self.filename))
    self.connection.write_packet(b"stalled-line\n")
    sys.stdout.flush()
    time.sleep(8)
    self.connection.write_packet(b"")


def recording(self):
    asked.append(os.fsdecode(self.filename))
    real_send(self)


LoadLocalFile.send_data = {"own": own, "half": half, "stall": stall}.get(mode, recording)
c = pymysql.connect(host="127.0.0.1", port=port, user=user, password=password, database="test",
                    local_infile=True, autocommit=True)
cur = c.cursor()


def load(name):
    try:
        n = cur.execute("LOAD DATA LOCAL INFILE %s INTO TABLE " + table + " (line)", (name,))
        print("loaded", n, "asked", asked)
    except pymysql.err.MySQLError as e:
        print("error", e.args[0], "asked", asked)
    asked.clear()


def count():
    cur.execute("SELECT COUNT(*) FROM " + table)
    print("rows", cur.fetchone()[0])


if mode == "own":
    load("/etc/passwd")
    cur.execute("SELECT line FROM " + table + " ORDER BY id")
    print("lines", [r[0] for r in cur.fetchall()])
elif mode == "files":
    load(sys.argv[6])
    load(sys.argv[7])
    count()
    c.begin()
    load(sys.argv[6])
    c.rollback()
    count()
    c.begin()
    cur.execute("INSERT INTO " + table + " (line) VALUES ('in the transaction')")
    load(sys.argv[6])
    c.commit()
    count()
elif mode in ("half", "stall"):
    c.begin()
    cur.execute("INSERT INTO " + table + " (line) VALUES ('before')")
    load("half.csv")
elif mode == "bypass":
    try:
        n = cur.execute("/*M!100000 LOAD DATA LOCAL INFILE '/etc/passwd' INTO TABLE " + table + " (line) */")
        print("loaded", n, "asked", asked)
    except pymysql.err.MySQLError as e:
        print("error", e.args[0], "asked", asked)
    count()
