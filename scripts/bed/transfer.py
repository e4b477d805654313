"""Times TCP transfers between bed namespaces (same protocol as pcasgd-cli/src/test/java/pcasgd/bed/TcpTransfer).

  transfer.py serve PORT                       sink/source until killed; prints "ready"
  transfer.py send HOST PORT BYTES MODE...     one connection per MODE, prints "MODE SECONDS BYTES"
      MODE push: client -> server; the clock stops when the server has read every byte (its ack)
      MODE pull: server -> client; the clock stops when the client has read every byte
  transfer.py probe HOST PORT TIMEOUT_S        exit 0 if a connection opens within the timeout

A connection starts with one mode byte (b"P" or b"L") and the byte count as 8 bytes big-endian.
Waiting for the receiver matters: a sender's write returns once data sits in its socket buffer
(up to 4 MB here), long before it crossed a slow link.
"""
import socket
import struct
import sys
import threading
import time

CHUNK = 64 * 1024


def read_exact(sock, n):
    buf = b""
    while len(buf) < n:
        part = sock.recv(n - len(buf))
        if not part:
            raise EOFError("peer closed after %d of %d bytes" % (len(buf), n))
        buf += part
    return buf


def handle(conn):
    with conn:
        mode, size = struct.unpack(">cq", read_exact(conn, 9))
        if mode == b"P":
            got = 0
            while True:
                part = conn.recv(CHUNK)
                if not part:
                    break
                got += len(part)
            conn.sendall(struct.pack(">q", got))
        elif mode == b"L":
            block = bytes(CHUNK)
            left = size
            while left > 0:
                k = min(left, CHUNK)
                conn.sendall(block[:k])
                left -= k


def serve(port):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("0.0.0.0", port))
    srv.listen(16)
    print("ready", flush=True)
    while True:
        conn, _ = srv.accept()
        threading.Thread(target=handle, args=(conn,), daemon=True).start()


def send(host, port, size, modes):
    for mode in modes:
        start = time.monotonic()
        with socket.create_connection((host, port), timeout=120) as s:
            if mode == "push":
                s.sendall(struct.pack(">cq", b"P", size))
                block = bytes(CHUNK)
                left = size
                while left > 0:
                    k = min(left, CHUNK)
                    s.sendall(block[:k])
                    left -= k
                s.shutdown(socket.SHUT_WR)
                got = struct.unpack(">q", read_exact(s, 8))[0]
            elif mode == "pull":
                s.sendall(struct.pack(">cq", b"L", size))
                got = 0
                while True:
                    part = s.recv(CHUNK)
                    if not part:
                        break
                    got += len(part)
            else:
                sys.exit("unknown mode %r (push or pull)" % mode)
        seconds = time.monotonic() - start
        if got != size:
            sys.exit("%s moved %d of %d bytes" % (mode, got, size))
        print("%s %.4f %d" % (mode, seconds, size), flush=True)


def probe(host, port, timeout):
    try:
        socket.create_connection((host, port), timeout=timeout).close()
        return 0
    except OSError:
        return 1


def main(argv):
    if len(argv) >= 2 and argv[0] == "serve":
        serve(int(argv[1]))
    elif len(argv) >= 5 and argv[0] == "send":
        send(argv[1], int(argv[2]), int(argv[3]), argv[4:])
    elif len(argv) == 4 and argv[0] == "probe":
        sys.exit(probe(argv[1], int(argv[2]), float(argv[3])))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
