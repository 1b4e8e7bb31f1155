# Hostile DNS traffic against a server, each malformed message followed by a valid query that
# must be answered. Kinds: random bytes, truncated headers, a compression-pointer loop, a name of
# 200 one-byte labels plus a question count of 65535, and the same over TCP (length-prefixed).
# Prints one line per malformed message ("bad KIND PROTO reply=RCODE|none") and a summary
# "valid=ANSWERED/ASKED malformed=N formerr=F none=Z notimp=I other=O": NOTIMP counts apart, and only
# for random bytes whose opcode is not QUERY (as RFC 1035 has it for an unknown kind of query).
# Usage: python3 -c SCRIPT SERVER NAME ROUNDS
import random, socket, struct, sys

server, name, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
rng = random.Random(11)
qname = b"".join(bytes([len(l)]) + l.encode() for l in name.split(".")) + b"\0"


def header(qid, flags=0x0100, qd=1):
    return struct.pack(">HHHHHH", qid, flags, qd, 0, 0, 0)


def malformed(qid):
    loop = header(qid) + b"\xc0\x0c" + struct.pack(">HH", 1, 1)  # the name points at itself
    labels = header(qid, qd=65535) + b"\x01a" * 200 + b"\0" + struct.pack(">HH", 1, 1)
    return [("random", bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 80)))),
            ("truncated-header", header(qid)[: rng.randint(1, 11)]),
            ("pointer-loop", loop),
            ("huge-label-count", labels)]


def rcode(reply):
    return "none" if reply is None or len(reply) < 4 else str(reply[3] & 0xF)


def udp(message, timeout):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        s.sendto(message, (server, 53))
        try:
            return s.recv(4096)
        except OSError:
            return None


def tcp(message, timeout):
    with socket.create_connection((server, 53), timeout=2) as s:
        s.settimeout(timeout)
        s.sendall(struct.pack(">H", len(message)) + message)
        try:
            n = s.recv(2)
            return s.recv(struct.unpack(">H", n)[0]) if len(n) == 2 else None
        except OSError:
            return None


def answered(send):
    qid = rng.getrandbits(16)
    for _ in range(2):  # one retry, as the issue allows
        reply = send(header(qid) + qname + struct.pack(">HH", 1, 1), 1.0)
        if reply and reply[:2] == struct.pack(">H", qid) and reply[3] & 0xF == 0 and struct.unpack(">H", reply[6:8])[0] > 0:
            return True
    return False


asked = ok = 0
counts = {"formerr": 0, "none": 0, "notimp": 0, "other": 0}
for r in range(rounds):
    for proto, send in (("udp", udp), ("tcp", tcp)):
        for kind, message in malformed(rng.getrandbits(16)):
            code = rcode(send(message, 0.3))
            print("bad %s %s reply=%s" % (kind, proto, code), flush=True)
            opcode = (message[2] >> 3) & 0xF if len(message) > 2 else 0
            counts["formerr" if code == "1" else "none" if code == "none" else "notimp" if code == "4" and opcode != 0 else "other"] += 1
            asked += 1
            ok += answered(send)
print("valid=%d/%d malformed=%d formerr=%d none=%d notimp=%d other=%d" % (ok, asked, asked, counts["formerr"], counts["none"], counts["notimp"],
      counts["other"]), flush=True)
