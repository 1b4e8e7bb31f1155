# IngressIT's WebSocket client (the outside namespace has no WebSocket tool): opens a WebSocket
# to http://IP/ws with Host HOST, sends MESSAGE as a masked text frame (as browsers must), prints
# the status line of the handshake and the text of the frame that comes back, then closes.
import base64
import os
import socket
import sys

ip, host, message = sys.argv[1], sys.argv[2], sys.argv[3]
s = socket.create_connection((ip, 80), timeout=5)
key = base64.b64encode(os.urandom(16)).decode()
s.sendall(("GET /ws HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
head = b""
while b"\r\n\r\n" not in head:
    chunk = s.recv(1)
    if not chunk:
        break
    head += chunk
print(head.split(b"\r\n")[0].decode())
payload = message.encode()
mask = os.urandom(4)
s.sendall(bytes([0x81, 0x80 | len(payload)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))
first = s.recv(2)
length = first[1] & 0x7F
data = b""
while len(data) < length:
    data += s.recv(length - len(data))
print(data.decode())
s.sendall(bytes([0x88, 0x80]) + mask)
s.close()
