"""Drives Debian's python3-socketio client against Hibiki; prints what it saw as one JSON line.

Usage: python3 sio_client.py <base-url> <polling|websocket>
Run by dev.hibiki.socketio.PythonClientTest (python3-socketio and python3-websocket from apt).
"""
import json
import sys
import threading
import time

import socketio

url, transport = sys.argv[1], sys.argv[2]
client = socketio.Client(reconnection=False)
seen = {"echoes": []}
welcomed = threading.Event()
all_echoed = threading.Event()


@client.on("welcome")
def on_welcome(frame):
    seen["welcome"] = frame.get("name")
    welcomed.set()


@client.on("echo")
def on_echo(frame):
    seen["echoes"].append(frame["text"])
    if len(seen["echoes"]) == 40:
        all_echoed.set()


client.connect(url + "?name=python", transports=[transport])
if not welcomed.wait(10):
    print(json.dumps({"error": "no welcome"}))
    sys.exit(1)
seen["ack"] = client.call("echo", {"text": "with ack"}, timeout=10)
# 40 events at once: their answers come back in polls of at most 16 packets, which this
# client's python-engineio (4.3) needs.
for i in range(40):
    client.emit("echo", {"text": "n%d" % i})
seen["complete"] = all_echoed.wait(15)
seen["transport"] = client.transport()
client.disconnect()
time.sleep(0.2)
print(json.dumps(seen))
