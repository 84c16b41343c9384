#!/usr/bin/env python3
"""Compare two rapsheet SQLite stores: every table's rows, clock columns aside (when each row was
written). Prints per table: rows and whether equal; for entities, matches and allegations a few
differences. Exit 1 when any table differs.

    python benchmarks/compare_stores.py A.db B.db
"""
import sqlite3, sys

CLOCKS = {"created", "first_seen", "last_seen", "updated", "stored", "seen", "at", "checked"}

def rows(db, table):
    con = sqlite3.connect(db)
    cols = [r[1] for r in con.execute(f"PRAGMA table_info({table})")]
    keep = [c for c in cols if c not in CLOCKS]
    # ids assigned by autoincrement are compared too: rows are inserted in the same order
    out = sorted(tuple(map(repr, r)) for r in con.execute(f"SELECT {', '.join(keep)} FROM {table}"))
    return keep, out

def main(a, b):
    con = sqlite3.connect(a)
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version' ORDER BY name")]
    bad = 0
    for table in tables:
        cols, ra = rows(a, table)
        _, rb = rows(b, table)
        same = ra == rb
        bad += not same
        print(f"{table:18} {len(ra):7} rows vs {len(rb):7}  {'equal' if same else 'DIFFERENT'}")
        if not same:
            sa_, sb_ = set(ra), set(rb)
            for r in sorted(sa_ - sb_)[:3]: print("   only in first:", r[:6])
            for r in sorted(sb_ - sa_)[:3]: print("   only in second:", r[:6])
    # merged clusters: members per canonical, compared as sets of member sets
    def clusters(db):
        c = sqlite3.connect(db); groups = {}
        for i, can in c.execute("SELECT id, canonical_id FROM entities"): groups.setdefault(can, set()).add(i)
        return {frozenset(g) for g in groups.values() if len(g) > 1}
    ca, cb = clusters(a), clusters(b)
    print(f"merged clusters: {len(ca)} vs {len(cb)}: {'equal' if ca == cb else 'DIFFERENT'}")
    bad += ca != cb
    print("ALL EQUAL" if not bad else f"{bad} DIFFERENCES")
    return int(bool(bad))

if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
