# IngressIT's recording backend, in the spirit of the conformance suite's echoserver: every
# request is answered with what arrived (method, target, protocol, headers, body length, pod) as
# JSON, and logged as one "REQ METHOD TARGET" line, so a test can prove a request never reached
# it. "Upgrade: websocket" gets a handshake and an echo of every frame. Arguments: PORT
# [CERT KEY] (with a certificate it serves HTTPS, for backend-protocol HTTPS).
import base64
import hashlib
import json
import os
import socket
import ssl
import struct
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

POD = os.environ.get("HOSTNAME") or socket.gethostname()
WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class Echo(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def __getattr__(self, name):
        if name.startswith("do_"):
            return self.answer
        raise AttributeError(name)

    def answer(self):
        print("REQ", self.command, self.path, flush=True)
        if self.headers.get("Upgrade", "").lower() == "websocket":
            self.websocket()
            return
        body = self.body()
        out = json.dumps({"pod": POD, "method": self.command, "path": self.path, "proto": self.request_version,
                          "tls": isinstance(self.connection, ssl.SSLSocket), "body": len(body),
                          "headers": {k.lower(): v for k, v in self.headers.items()}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(out)

    def body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def websocket(self):
        accept = base64.b64encode(hashlib.sha1((self.headers["Sec-WebSocket-Key"] + WS_GUID).encode()).digest()).decode()
        self.send_response(101)
        self.send_header("Upgrade", "websocket")
        self.send_header("Connection", "Upgrade")
        self.send_header("Sec-WebSocket-Accept", accept)
        self.end_headers()
        self.wfile.flush()
        self.close_connection = True
        while True:
            head = self.rfile.read(2)
            if len(head) < 2:
                return
            opcode, length = head[0] & 0x0F, head[1] & 0x7F
            if length == 126:
                length = struct.unpack("!H", self.rfile.read(2))[0]
            elif length == 127:
                length = struct.unpack("!Q", self.rfile.read(8))[0]
            mask = self.rfile.read(4) if head[1] & 0x80 else b"\0\0\0\0"
            payload = bytes(b ^ mask[i % 4] for i, b in enumerate(self.rfile.read(length)))
            reply = payload if opcode != 1 else ("echo: " + payload.decode()).encode()
            frame = bytes([0x80 | opcode]) + (bytes([len(reply)]) if len(reply) < 126 else b"\x7e" + struct.pack("!H", len(reply)))
            self.wfile.write(frame + reply)
            self.wfile.flush()
            if opcode == 8:
                return


def main():
    server = ThreadingHTTPServer(("0.0.0.0", int(sys.argv[1])), Echo)
    server.daemon_threads = True
    if len(sys.argv) > 3:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[2], sys.argv[3])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print("serving on", sys.argv[1], flush=True)
    server.serve_forever()


main()
