#!/usr/bin/env python3
"""Sends one Redis command at a time at a fixed rate and waits for each reply, as a Hibiki node
does at a low message rate: every request wakes Redis up on its own. Used by bench/script-cost.sh
(RATE=...) to find what a lone request costs Redis, whatever the script.

    paced.py PORT RATE SECONDS ARG...      # the command and its arguments
"""
import socket
import sys
import time


def resp(args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        b = a.encode()
        out.append(b"$%d\r\n%s\r\n" % (len(b), b))
    return b"".join(out)


def read_reply(sock, buf):
    # Enough of RESP for the replies used here: one line, or an array of integers/bulk strings.
    while b"\r\n" not in buf:
        buf += sock.recv(65536)
    line, _, rest = buf.partition(b"\r\n")
    if line[:1] == b"*":
        for _ in range(int(line[1:])):
            rest = read_reply(sock, rest)
        return rest
    if line[:1] == b"$" and int(line[1:]) >= 0:
        need = int(line[1:]) + 2
        while len(rest) < need:
            rest += sock.recv(65536)
        return rest[need:]
    return rest


def main():
    port, rate, seconds, args = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4:]
    request = resp(args)
    sock = socket.create_connection(("127.0.0.1", port))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    n = int(rate * seconds)
    start = time.perf_counter()
    buf = b""
    for i in range(n):
        due = start + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        sock.sendall(request)
        buf = read_reply(sock, buf)
    print(n)


if __name__ == "__main__":
    main()
