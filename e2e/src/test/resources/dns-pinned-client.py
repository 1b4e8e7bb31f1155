# A DNS client that keeps one UDP socket (one source port, so one conntrack entry and one chosen
# kube-dns endpoint), as long-lived resolvers and caches do. It asks for an A record in a loop for
# SECONDS, retrying a failed try once on the same socket (a refusal at once, a time-out after
# 1 s), and prints when (epoch milliseconds) every query that got no answer was asked, then a summary.
# Usage: python3 -c SCRIPT SERVER PORT NAME SECONDS
import socket, struct, sys, time

server, sport, name, seconds = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("0.0.0.0", sport))
sock.connect((server, 53))
sock.settimeout(1.0)
qname = b"".join(bytes([len(l)]) + l.encode() for l in name.split(".")) + b"\0"


def ask(qid):
    sock.send(struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0) + qname + struct.pack(">HH", 1, 1))
    while True:
        reply = sock.recv(4096)
        rid, flags, _, ancount = struct.unpack(">HHHH", reply[:8])
        if rid == qid:
            return flags & 0xF == 0 and ancount > 0


n = failed = 0
end = time.time() + seconds
while time.time() < end:
    n += 1
    asked = int(time.time() * 1000)
    ok = False
    for attempt in range(2):
        try:
            ok = ask((n * 2 + attempt) & 0xFFFF)
        except OSError:
            ok = False
        if ok:
            break
    if not ok:
        failed += 1
        print("unanswered at=%d" % asked, flush=True)
    time.sleep(0.02)
print("queries=%d failed=%d" % (n, failed), flush=True)
