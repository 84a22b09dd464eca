"""A fault-injecting HTTP proxy for S3 tests, on loopback.

Sits in front of moto and, for each request, at the set rates:
  slowdown  answers 503 SlowDown (S3's throttling error)
  error500  answers 500 InternalError
  reset     drops the connection with a TCP RST before answering
  stall     forwards, sends the response headers and then nothing, until the
            client gives up (or --stall-max seconds pass)
  truncate  forwards and sends the headers with the full Content-Length but
            only part of the body, then closes
otherwise it forwards the request unchanged (Host header included, so SigV4
signatures still verify upstream). GET /__stats answers the counts as JSON.

Usage as a module: `with FaultProxy(upstream_port, rates, seed) as p: p.port`.
"""
import http.client
import json
import random
import select
import socket
import socketserver
import struct
import threading
import time

FAULTS = ("slowdown", "error500", "reset", "stall", "truncate")


def _read_request(rfile):
    line = rfile.readline(65537)
    if not line:
        return None
    method, target, _ = line.decode("latin-1").rstrip("\r\n").split(" ", 2)
    headers = []
    while True:
        h = rfile.readline(65537)
        if h in (b"\r\n", b"\n", b""):
            break
        name, _, value = h.decode("latin-1").rstrip("\r\n").partition(":")
        headers.append((name.strip(), value.strip()))
    length = 0
    for name, value in headers:
        if name.lower() == "content-length":
            length = int(value)
    body = rfile.read(length) if length else b""
    return method, target, headers, body


def _error_xml(code, message):
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code>'
            f"<Message>{message}</Message><RequestId>fault-proxy</RequestId></Error>").encode()


class _Handler(socketserver.BaseRequestHandler):
    def handle(self):
        proxy = self.server.proxy
        sock = self.request
        rfile = sock.makefile("rb")
        req = _read_request(rfile)
        if req is None:
            return
        method, target, headers, body = req
        if target == "/__stats":
            self._send(200, [("Content-Type", "application/json")], json.dumps(proxy.stats()).encode())
            return
        fault = proxy.pick(method, target)
        proxy.count(fault or "forwarded")
        if fault == "slowdown":
            self._send(503, [("Content-Type", "application/xml")], _error_xml("SlowDown", "Please reduce your request rate."))
            return
        if fault == "error500":
            self._send(500, [("Content-Type", "application/xml")], _error_xml("InternalError", "We encountered an internal error. Please try again."))
            return
        if fault == "reset":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.close()
            return
        status, resp_headers, resp_body = self._forward(method, target, headers, body)
        if fault == "stall" and resp_body:
            self._send_head(status, resp_headers, len(resp_body))
            # Hold the connection without sending, until the client hangs up.
            deadline = time.monotonic() + proxy.stall_max
            while time.monotonic() < deadline:
                readable, _, _ = select.select([sock], [], [], 0.2)
                if readable and not sock.recv(1, socket.MSG_PEEK):
                    break
            return
        if fault == "truncate" and len(resp_body) > 1:
            self._send_head(status, resp_headers, len(resp_body))
            sock.sendall(resp_body[: len(resp_body) // 2])
            return
        if fault in ("stall", "truncate"):
            proxy.count("fault_not_applicable_" + fault)
        self._send(status, resp_headers, resp_body)

    def _forward(self, method, target, headers, body):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.proxy.upstream_port, timeout=60)
        conn.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
        for name, value in headers:
            if name.lower() not in ("connection", "expect"):
                conn.putheader(name, value)
        conn.putheader("Connection", "close")
        conn.endheaders(body if body else None)
        resp = conn.getresponse()
        data = resp.read() if method != "HEAD" else b""
        hdrs = [(k, v) for k, v in resp.getheaders()
                if k.lower() not in ("connection", "transfer-encoding", "content-length", "server", "date")]
        length = resp.getheader("Content-Length")
        conn.close()
        if method == "HEAD" and length is not None:
            hdrs.append(("Content-Length", length))
        return resp.status, hdrs, data

    def _send_head(self, status, headers, length, head_request=False):
        lines = [f"HTTP/1.1 {status} {http.client.responses.get(status, 'Status')}"]
        lines += [f"{k}: {v}" for k, v in headers]
        if not any(k.lower() == "content-length" for k, _ in headers):
            lines.append(f"Content-Length: {length}")
        lines.append("Connection: close")
        self.request.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))

    def _send(self, status, headers, body):
        self._send_head(status, headers, len(body))
        if body:
            self.request.sendall(body)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class FaultProxy:
    def __init__(self, upstream_port, rates=None, seed=1, stall_max=30.0, methods=("GET", "HEAD", "PUT"),
                 spare_listings=False):
        self.upstream_port = upstream_port
        self.rates = dict(rates or {})
        unknown = set(self.rates) - set(FAULTS)
        if unknown:
            raise ValueError(f"unknown faults {unknown}; known: {FAULTS}")
        self.rng = random.Random(seed)
        self.stall_max = stall_max
        self.methods = set(methods)
        self.spare_listings = spare_listings
        self._lock = threading.Lock()
        self._counts = {}

    def pick(self, method, target=""):
        if method not in self.methods:
            return None
        if self.spare_listings and "list-type=" in target:
            return None
        with self._lock:
            x = self.rng.random()
        acc = 0.0
        for fault in FAULTS:
            acc += self.rates.get(fault, 0.0)
            if x < acc:
                return fault
        return None

    def count(self, what):
        with self._lock:
            self._counts[what] = self._counts.get(what, 0) + 1

    def stats(self):
        with self._lock:
            return dict(self._counts)

    def __enter__(self):
        self.server = _Server(("127.0.0.1", 0), _Handler)
        self.server.proxy = self
        self.port = self.server.server_address[1]
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)
        return False
