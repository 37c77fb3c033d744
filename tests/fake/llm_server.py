#!/usr/bin/env python3
"""llm_server.py — a fake OpenAI-compatible chat server for growthview's tests (standard library only).

Listens on 127.0.0.1 only, on a free port the kernel picks; prints "PORT\n" on stdout once it
accepts connections, then serves until killed.  The behaviour is chosen by the first path segment,
so that one server serves every case of a test run:

    POST /SEG/v1/chat/completions     SEG = MODE or MODE-TAG (the tag only separates counters)
    GET  /SEG/props                   llama.cpp's identity (MODE llama), else 404
    GET  /SEG/api/tags                Ollama's model list (MODE ollama), else 404
    POST /stats-SEG/v1/chat/completions
                                      a completion whose text is the JSON of what SEG saw:
                                      {"count", "gaps" (seconds between requests), "max_inflight",
                                       "auth" ("ok", "missing", "wrong"), "body" (the last request),
                                       "expect" (an Expect header was sent), "probes" [paths]}

The expected API key is read from the environment variable GV_TEST_KEY (never from argv); the
server never writes it anywhere.  Modes: ok, length, esc, nocontent, badjson, badutf8, big, r429
(first request 429 with Retry-After: 1), date429 (Retry-After as an HTTP date 2 s ahead), longra
(Retry-After: 3600), fail500 (first request 500), always500, always503, hang (answers after 3 s),
slow (after 0.3 s), auth (401 unless the key is right), unauth (401 echoing the key), echo400 (400
whose message quotes the Authorization header and an escape sequence), echolong400 (the same
header after 180 bytes), forbid (403), notfound
(404, Ollama's words), params (the request's parameters as the text), redirect (302 to another host), keyredirect (302 to a URL holding
the key), size-N (a text of N bytes), ra-N (first 429 with Retry-After: N), llama, ollama, fast (the smallest answer,
for the benchmark).
"""
import email.utils
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

KEY = os.environ.get("GV_TEST_KEY", "")
lock = threading.Lock()
stats = {}  # seg -> dict
inflight = {}


def seg_stats(seg):
    return stats.setdefault(seg, {"count": 0, "times": [], "max_inflight": 0, "auth": "missing",
                                  "body": None, "expect": False, "probes": []})


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: libcurl reuses connections
    disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms delayed-ACK stall

    def log_message(self, fmt, *args):  # quiet
        pass

    def send(self, status, body, ctype="application/json", headers=()):
        data = body if isinstance(body, bytes) else body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def completion(self, content, finish="stop", model="fake-model-1", raw=None):
        if raw is not None:
            return raw
        return json.dumps({
            "id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000,
            "model": model, "system_fingerprint": "fp_fake_42",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                         "finish_reason": finish}],
            "usage": {"prompt_tokens": 31, "completion_tokens": 7, "total_tokens": 38}})

    def do_GET(self):
        parts = self.path.split("/", 2)
        seg = parts[1] if len(parts) > 1 else ""
        rest = "/" + parts[2] if len(parts) > 2 else "/"
        mode = seg.split("-", 1)[0]
        with lock:
            seg_stats(seg)["probes"].append(rest)
        if rest == "/props" and mode == "llama":
            self.send(200, json.dumps({"build_info": "b9999-fake", "model_path": "/models/fake-7b-Q4_K_M.gguf",
                                       "total_slots": 1}))
        elif rest == "/api/tags" and mode == "ollama":
            self.send(200, json.dumps({"models": [
                {"name": "other:1b", "model": "other:1b", "digest": "0000", "details": {"quantization_level": "F16"}},
                {"name": "llama3:latest", "model": "llama3:latest", "digest": "1111", "details": {"quantization_level": "Q8_0"}},
                {"name": "qwen2.5:7b", "model": "qwen2.5:7b", "digest": "845dbda0ea48ed749caafd9e6037047aa19acfcfd82e704d7ca97d631a0b697e",
                 "details": {"format": "gguf", "family": "qwen2", "parameter_size": "7.6B",
                             "quantization_level": "Q4_K_M"}}]}))
        else:
            self.send(404, "404 page not found", "text/plain")

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        parts = self.path.split("/", 2)
        seg = parts[1] if len(parts) > 1 else ""
        mode = seg.split("-", 1)[0]
        if not self.path.endswith("/v1/chat/completions"):
            self.send(404, json.dumps({"error": {"message": "no such endpoint"}}))
            return
        if mode == "stats":
            with lock:
                st = dict(seg_stats(seg.split("-", 1)[1]))
            t = st.pop("times")
            st["gaps"] = [round(b - a, 3) for a, b in zip(t, t[1:])]
            self.send(200, self.completion(json.dumps(st)))
            return
        self.rfile_body = raw
        auth = self.headers.get("Authorization")
        with lock:
            st = seg_stats(seg)
            st["count"] += 1
            n = st["count"]
            st["times"].append(time.monotonic())
            st["auth"] = "missing" if auth is None else ("ok" if KEY and auth == "Bearer " + KEY else "wrong")
            st["expect"] = self.headers.get("Expect") is not None
            try:
                st["body"] = json.loads(raw)
                for m in st["body"].get("messages", []):  # a huge prompt: its size, not itself
                    if len(m.get("content") or "") > 10000:
                        m["content"] = "<%d chars>" % len(m["content"])
            except (ValueError, AttributeError):
                st["body"] = None
            inflight[seg] = inflight.get(seg, 0) + 1
            st["max_inflight"] = max(st["max_inflight"], inflight[seg])
        try:
            self.answer(mode, n, auth)
        finally:
            with lock:
                inflight[seg] -= 1

    def answer(self, mode, n, auth):
        ok = self.completion
        if mode in ("ok", "llama", "ollama", "auth") and not (mode == "auth" and auth != "Bearer " + KEY):
            self.send(200, ok("Weight-for-age is on the 48th percentile."))
        elif mode == "auth" or mode == "unauth":
            self.send(401, json.dumps({"error": {"message": "Incorrect API key provided: %s" % (auth or ""),
                                                 "type": "invalid_request_error"}}))
        elif mode == "params":  # the request's parameters (all but the messages) as the text
            body = json.loads(self.rfile_body) if self.rfile_body else {}
            body.pop("messages", None)
            self.send(200, ok(json.dumps(body, sort_keys=True)))
        elif mode == "fast":
            self.send(200, '{"model":"f","choices":[{"message":{"content":"ok"},"finish_reason":"stop"}]}')
        elif mode == "length":
            self.send(200, ok("Weight-for-age is on the 48th", finish="length"))
        elif mode == "esc":
            self.send(200, ok("clear\u001b[2J screen\u001b]0;title\u0007 done"))
        elif mode == "nocontent":
            self.send(200, ok(None, finish="tool_calls"))
        elif mode == "badjson":
            self.send(200, '{"choices": [ not json')
        elif mode == "badutf8":
            body = ok("caf-SPOT").encode().replace(b"-SPOT", b"\xe9")  # a Latin-1 byte inside the string
            self.send(200, body)
        elif mode == "big":
            self.send(200, ok("a" * 70000))
        elif mode == "size":  # size-N: a text of exactly N bytes
            self.send(200, ok("a" * int(self.path.split("/")[1].split("-")[1])))
        elif mode == "r429":
            if n == 1:
                self.send(429, json.dumps({"error": {"message": "rate limited"}}), headers=[("Retry-After", "1")])
            else:
                self.send(200, ok("after the rate limit"))
        elif mode == "date429":
            if n == 1:
                when = email.utils.formatdate(time.time() + 2, usegmt=True)
                self.send(429, json.dumps({"error": "slow down"}), headers=[("Retry-After", when)])
            else:
                self.send(200, ok("after the date"))
        elif mode == "ra":  # ra-N: first request 429 with Retry-After: N, then an answer
            if n == 1:
                self.send(429, json.dumps({"error": "wait"}),
                          headers=[("Retry-After", self.path.split("/")[1].split("-")[1])])
            else:
                self.send(200, ok("after waiting"))
        elif mode == "longra":
            self.send(429, json.dumps({"error": "quota"}), headers=[("Retry-After", "3600")])
        elif mode == "fail500":
            if n == 1:
                self.send(500, "upstream crashed", "text/plain")
            else:
                self.send(200, ok("after the 500"))
        elif mode == "always500":
            self.send(500, json.dumps({"error": {"message": "model crashed"}}))
        elif mode == "always503":
            self.send(503, json.dumps({"detail": "loading model"}))
        elif mode == "hang":
            time.sleep(3)
            self.send(200, ok("too late"))
        elif mode == "slow":
            time.sleep(0.3)
            self.send(200, ok("slow but fine"))
        elif mode == "echo400":
            self.send(400, json.dumps({"error": {"message": "bad request from %s \u001b[31mred" % (auth or ""),
                                                 "type": "invalid_request_error"}}))
        elif mode == "echolong400":  # the key across the point where a message is cut
            self.send(400, json.dumps({"error": {"message": "x" * 180 + (auth or "")}}))
        elif mode == "forbid":
            self.send(403, json.dumps({"error": {"message": "no access for %s" % (auth or "")}}))
        elif mode == "notfound":
            self.send(404, json.dumps({"error": "model 'nosuch' not found, try pulling it first"}))
        elif mode == "keyredirect":  # a Location that quotes the key back
            self.send(302, "", "text/plain", headers=[("Location", "http://127.0.0.2:9/v1?auth=" + (auth or "").replace(" ", "+"))])
        elif mode == "redirect":
            self.send(302, "", "text/plain", headers=[("Location", "http://127.0.0.2:9/elsewhere/v1/chat/completions")])
        else:
            self.send(400, json.dumps({"error": {"message": "unknown fake mode " + mode}}))


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def handle_error(self, request, client_address):
        # A client that gave up (a time-out, a cancelled request, an engine freed while it asked
        # for /props) is part of the tests, not an error of the server.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


def main():
    srv = Server(("127.0.0.1", 0), Handler)
    sys.stdout.write("%d\n" % srv.server_address[1])
    sys.stdout.flush()
    try:
        srv.serve_forever(poll_interval=0.5)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
