"""The default server against other web pages and idle sockets: writes from another origin are
refused before anything is read, a Host name not allowed gets 400 (DNS rebinding), and a
connection that never finishes its request head is closed."""
from __future__ import annotations

import socket
import threading
import time

import pytest

from .conftest import KEY


def test_a_server_without_a_key_refuses_writes_unless_told_to_take_them(app_with):
    with app_with(api_key="") as c:
        before = c.get("/articles").json()["total"]
        text = "Police arrested the mayor, 52, and charged him with bribery on Monday. " * 5
        for path, body in (("/articles", {"text": text}), ("/judgements", {"left": "a", "right": "b",
                                                                            "verdict": "same"})):
            answer = c.post(path, json=body)
            assert answer.status_code == 403, answer.text
            assert "--allow-anonymous-writes" in answer.json()["error"]
        assert c.get("/articles").json()["total"] == before
    with app_with(api_key="", api_allow_anonymous_writes=True) as c:
        assert c.post("/articles", json={"text": ""}).status_code == 422   # taken, then read


def test_writes_from_another_origin_are_refused_even_without_a_key(app_with):
    with app_with(api_key="", api_allow_anonymous_writes=True) as c:
        before = c.get("/articles").json()["total"]
        text = "Police arrested the mayor, 52, and charged him with bribery on Monday. " * 5
        for headers in ({"Origin": "http://evil.example"}, {"Origin": "null"},
                        {"Referer": "http://evil.example/page.html"},
                        {"Origin": "http://testserver.evil.example"}):
            answer = c.post("/articles", content=text.encode(),
                            headers={"content-type": "text/plain", **headers})
            assert answer.status_code == 403, (headers, answer.text)
            assert answer.json()["ok"] is False
        assert c.post("/judgements", json={}, headers={"Origin": "http://evil.example"}).status_code == 403
        assert c.get("/articles").json()["total"] == before
        # The same origin (the UI) and clients that send no Origin (curl, scripts) still write.
        same = c.post("/articles", json={"text": ""}, headers={"Origin": "http://testserver"})
        assert same.status_code == 422
        assert c.get("/articles", headers={"Origin": "http://evil.example"}).status_code == 200


def test_a_host_name_not_allowed_gets_400(app_with):
    with app_with(api_allowed_hosts="localhost,127.0.0.1,::1") as c:
        assert c.get("/health").status_code == 400
        assert c.get("/health", headers={"Host": "rebound.evil.example:8000"}).status_code == 400
        for host in ("localhost:8000", "127.0.0.1", "[::1]:8000"):
            assert c.get("/health", headers={"Host": host}).status_code == 200, host
    with app_with(api_allowed_hosts="*") as c:
        assert c.get("/health", headers={"Host": "anything.example"}).status_code == 200


def test_serve_allows_its_own_host_and_loopback_by_default():
    from rapsheet.api.server import default_hosts

    assert default_hosts("127.0.0.1").split(",") == ["127.0.0.1", "localhost", "::1"]
    assert "rapsheet.internal" in default_hosts("rapsheet.internal").split(",")
    assert default_hosts("0.0.0.0") == "*"


@pytest.fixture
def live_server():
    """uvicorn on 127.0.0.1 with serve's protocol (head timeout 0.5 s) over a tiny app."""
    import uvicorn

    from rapsheet.api.server import HeaderTimeoutProtocol

    class Quick(HeaderTimeoutProtocol):
        head_timeout = 0.5

    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, http=Quick,
                                           log_level="error", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield port
    server.should_exit = True
    thread.join(5)


def test_a_socket_that_never_finishes_its_request_head_is_closed(live_server):
    idle = socket.create_connection(("127.0.0.1", live_server), timeout=5)
    slow = socket.create_connection(("127.0.0.1", live_server), timeout=5)
    started = time.monotonic()
    slow.sendall(b"GET / HTTP/1.1\r\nHo")
    for _ in range(3):                     # a byte now and then keeps no connection open
        time.sleep(0.25)
        try:
            slow.sendall(b"s")
        except OSError:
            break
    assert idle.recv(100) == b"" and slow.recv(100) == b""
    assert time.monotonic() - started < 3
    with socket.create_connection(("127.0.0.1", live_server), timeout=5) as ok:
        ok.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        response = ok.recv(1000)
        while not response.endswith(b"0\r\n\r\n"):
            response += ok.recv(1000)
        assert response.startswith(b"HTTP/1.1 200")
        time.sleep(0.8)                    # after a response, the next head has a limit too
        assert ok.recv(100) == b""


def test_the_ui_of_a_server_without_a_key_takes_no_change_unless_told_to(app_with):
    import hashlib
    import hmac

    from rapsheet.web.pages import _FORM_SECRET

    token = hmac.new(_FORM_SECRET, b"", hashlib.sha256).hexdigest()   # no key cookie
    with app_with(api_key="") as c:
        answer = c.post("/ui/judgements/1/undo", data={"token": token, "back": "x"})
        assert answer.status_code == 403 and "--allow-anonymous-writes" in answer.text
    with app_with(api_key="", api_allow_anonymous_writes=True) as c:
        answer = c.post("/ui/judgements/999999/undo", data={"token": token, "back": "x"})
        assert answer.status_code == 404, answer.text[:200]   # taken: the judgement is unknown
