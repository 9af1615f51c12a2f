"""Exit 0 when the PostgreSQL server of the given URL answers, 1 otherwise (used by make test)."""

import sys

import psycopg

try:
    url = sys.argv[1].replace("/logbuch", "/postgres", 1)
    with psycopg.connect(url, connect_timeout=3):
        pass
except psycopg.Error:
    sys.exit(1)
