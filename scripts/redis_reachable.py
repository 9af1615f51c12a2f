"""Exit 0 when the Redis server of the given URL answers, 1 otherwise (used by make test)."""

import sys

import redis

try:
    redis.Redis.from_url(sys.argv[1], socket_connect_timeout=2, socket_timeout=2).ping()
except redis.RedisError:
    sys.exit(1)
