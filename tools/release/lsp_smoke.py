"""Starts `EVN lsp --stdio` (as VS Code's client does) and checks that it answers an
LSP `initialize` with its capabilities, then `shutdown` and `exit` (exit status 0).

    python3 tools/release/lsp_smoke.py /path/to/evn
"""

import json
import subprocess
import sys


def send(stream, message):
    body = json.dumps(message).encode()
    stream.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
    stream.flush()


def receive(stream):
    length = None
    while True:
        line = stream.readline()
        if not line:
            raise SystemExit("lsp smoke: the server closed its output")
        line = line.strip()
        if not line:
            break
        name, _, value = line.partition(b":")
        if name.lower() == b"content-length":
            length = int(value)
    return json.loads(stream.read(length))


def answer(stream, request_id):
    while True:
        message = receive(stream)
        if message.get("id") == request_id and "method" not in message:
            return message


def main():
    server = subprocess.Popen([sys.argv[1], "lsp", "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        send(server.stdin, {"jsonrpc": "2.0", "id": 1, "method": "initialize",
                            "params": {"processId": None, "rootUri": None, "capabilities": {}}})
        init = answer(server.stdout, 1)
        capabilities = init.get("result", {}).get("capabilities", {})
        name = init.get("result", {}).get("serverInfo", {}).get("name", "?")
        if "hoverProvider" not in capabilities or "completionProvider" not in capabilities:
            raise SystemExit(f"lsp smoke: no hover or completion in the capabilities: {init}")
        send(server.stdin, {"jsonrpc": "2.0", "method": "initialized", "params": {}})
        send(server.stdin, {"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
        answer(server.stdout, 2)
        send(server.stdin, {"jsonrpc": "2.0", "method": "exit"})
        status = server.wait(timeout=10)
    finally:
        if server.poll() is None:
            server.kill()
    if status != 0:
        raise SystemExit(f"lsp smoke: the server exited with {status}")
    print(f"lsp smoke: `{sys.argv[1]} lsp --stdio` ({name}) answered initialize "
          f"({len(capabilities)} capabilities, hover and completion among them), shutdown and exit")


main()
